package dk.rehab.adapter.validation;

import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples against the self-contained chain (core R4 + profiles/, no Danish packages), as the server
 * validates by default: every file in {@code examples/} conforms, every file in {@code examples/invalid/} is
 * rejected with the message {@code examples/invalid/expected.json} names.
 */
class ExamplesConformanceTest {

    private static ProfileValidator validator;

    @BeforeAll
    static void buildValidator() {
        long t0 = System.nanoTime();
        var support = new ValidationSupportFactory(TestFiles.FHIR).create(Optional.empty());
        validator = new ProfileValidator(TestFiles.FHIR, support);
        long t1 = System.nanoTime();
        validator.warmUp();
        long t2 = System.nanoTime();
        System.out.printf("[timing] self-contained chain + validator built in %d ms; warm-up (first validations) %d ms%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    static List<Path> validExamples() {
        return Examples.valid();
    }

    static List<Path> invalidExamples() {
        return Examples.invalid();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExampleHasNoErrors(Path file) {
        IBaseResource resource = TestFiles.parse(file);
        List<Executable> checks = new ArrayList<>();
        // A Bundle as a whole (entries checked with references resolved inside the Bundle) and each entry alone.
        for (IBaseResource r : Examples.withEntries(resource)) {
            String what = file.getFileName() + (r == resource ? "" : " entry " + TestFiles.FHIR.getResourceType(r));
            checks.add(() -> {
                List<SingleValidationMessage> errors = validator.errors(r);
                assertTrue(errors.isEmpty(), what + " must validate without errors:\n" + TestFiles.describe(errors));
            });
        }
        assertAll(checks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void invalidExampleIsRejectedWithTheExpectedMessage(Path file) {
        Examples.Expectation expected = Examples.expectations().get(file.getFileName().toString());
        assertNotNull(expected, file.getFileName() + " is not described in examples/invalid/expected.json");
        List<SingleValidationMessage> errors = validator.errors(TestFiles.parse(file));
        assertFalse(errors.isEmpty(), file.getFileName() + " must be rejected (" + expected.why() + ")");
        assertTrue(errors.stream().anyMatch(m -> m.getMessage().contains(expected.message())),
                file.getFileName() + " must be rejected with an error containing '" + expected.message() + "'; got:\n" + TestFiles.describe(errors));
    }

    @Test
    void expectedJsonDescribesExactlyTheInvalidFiles() {
        Set<String> files = new TreeSet<>();
        Examples.invalid().forEach(p -> files.add(p.getFileName().toString()));
        Map<String, Examples.Expectation> expectations = Examples.expectations();
        assertEquals(files, new TreeSet<>(expectations.keySet()));
        expectations.values().forEach(e -> assertFalse(e.why().isBlank() || e.message().isBlank(), e.file() + ": why and message are required"));
    }

    @Test
    void claimingAnUnknownProfileUnderOurBaseIsAnError() {
        IBaseResource patient = TestFiles.parse(Examples.dir().resolve("Patient-nancy.json"));
        patient.getMeta().addProfile("http://rehab-adapter.dk/fhir/StructureDefinition/rehab-patien");
        List<SingleValidationMessage> errors = validator.errors(patient);
        assertTrue(errors.stream().anyMatch(m -> m.getMessage().contains("Unknown profile http://rehab-adapter.dk/fhir/StructureDefinition/rehab-patien")),
                TestFiles.describe(errors));
    }

    @Test
    void unknownModifierExtensionIsAnErrorEvenFromAnAllowedDomain() {
        String json = TestFiles.read(Examples.dir().resolve("Patient-nancy.json")).replaceFirst("\"identifier\"",
                "\"modifierExtension\": [{\"url\": \"http://fhir.kl.dk/rehab/StructureDefinition/NotDefinedAnywhere\", \"valueBoolean\": true}], \"identifier\"");
        List<SingleValidationMessage> errors = validator.errors(TestFiles.FHIR.newJsonParser().parseResource(json));
        assertTrue(errors.stream().anyMatch(m -> m.getMessage().contains("Unknown modifier extension")), TestFiles.describe(errors));
    }

    @Test
    void unknownExtensionFromAnAllowedDomainIsNotAnError() {
        // KL's PreconditionDate is unknown here (no KL package) and must pass; so must other KL / DK Core extensions.
        String json = TestFiles.read(Examples.dir().resolve("Patient-nancy.json")).replaceFirst("\"identifier\"",
                "\"extension\": [{\"url\": \"http://hl7.dk/fhir/core/StructureDefinition/NotLoadedHere\", \"valueString\": \"x\"}], \"identifier\"");
        List<SingleValidationMessage> errors = validator.errors(TestFiles.FHIR.newJsonParser().parseResource(json));
        assertTrue(errors.isEmpty(), TestFiles.describe(errors));
    }

    @Test
    void perResourceValidationTime() {
        IBaseResource patient = TestFiles.parse(Examples.dir().resolve("Patient-nancy.json"));
        IBaseResource plan = TestFiles.parse(Examples.dir().resolve("ServiceRequest-plan-nancy.json"));
        IBaseResource bundle = TestFiles.parse(Examples.dir().resolve("Bundle-plan-transaction.json"));
        for (int i = 0; i < 15; i++) { // let the JIT settle
            validator.validate(patient);
            validator.validate(plan);
            validator.validate(bundle);
        }
        int n = 20;
        long p = time(patient, n);
        long s = time(plan, n);
        long b = time(bundle, n);
        System.out.printf("[timing] per validation (mean of %d, warm): Patient %.1f ms, ServiceRequest %.1f ms, plan Bundle (4 entries) %.1f ms%n",
                n, p / 1e6 / n, s / 1e6 / n, b / 1e6 / n);
    }

    private static long time(IBaseResource resource, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            validator.validate(resource);
        }
        return System.nanoTime() - start;
    }
}
