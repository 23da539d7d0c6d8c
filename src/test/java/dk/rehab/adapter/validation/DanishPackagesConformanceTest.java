package dk.rehab.adapter.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import dk.rehab.adapter.fhir.Canonical;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples against the chain with the Danish FHIR packages of {@code ../shared/fhir/packages} (DK Core 3.7.0,
 * KL, MedCom): what claims a DK Core profile conforms to it, loading the packages weakens nothing, and our
 * CareSocialCodes fragment agrees with KL's published code system.
 */
@dk.rehab.adapter.support.RequiresShared
class DanishPackagesConformanceTest {

    private static final String DK_CORE = "http://hl7.dk/fhir/core/StructureDefinition/";

    private static ValidationSupportFactory factory;
    private static IValidationSupport support;
    private static ProfileValidator validator;

    /** {@code ../shared} beside the project folder (as on every developer machine and in CI). */
    static Path shared() {
        dk.rehab.adapter.support.Shared.packages();
        return dk.rehab.adapter.support.Shared.folder();
    }

    @BeforeAll
    static void buildChainWithPackages() {
        Path packages = shared().resolve("fhir/packages");
        long t0 = System.nanoTime();
        factory = new ValidationSupportFactory(TestFiles.FHIR);
        support = factory.create(Optional.of(packages));
        validator = new ProfileValidator(TestFiles.FHIR, support);
        long t1 = System.nanoTime();
        validator.warmUp();
        long t2 = System.nanoTime();
        System.out.printf("[timing] chain with Danish packages built in %d ms; warm-up %d ms; packages %s%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, factory.loadedPackages());
    }

    @Test
    void loadsOnlyTheNewestVersionOfEachPackage() {
        List<String> loaded = factory.loadedPackages();
        assertTrue(loaded.contains("hl7.fhir.dk.core#3.7.0"), loaded.toString());
        assertFalse(loaded.contains("hl7.fhir.dk.core#3.2.0"), "DK Core 3.2.0 defines the same URLs as 3.7.0: only the newest is loaded");
        assertTrue(loaded.contains("kl.dk.fhir.term#2.2.0"), loaded.toString());
        assertNotNull(support.fetchStructureDefinition(Canonical.DK_CORE_PATIENT));
        assertEquals("3.7.0", ((org.hl7.fhir.r4.model.StructureDefinition) support.fetchStructureDefinition(Canonical.DK_CORE_PATIENT)).getVersion());
    }

    static List<Path> examplesClaimingDkCore() {
        return Examples.valid().stream()
                .filter(p -> Examples.claimedProfiles(TestFiles.parse(p)).stream().anyMatch(u -> u.startsWith(DK_CORE)))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examplesClaimingDkCore")
    void exampleConformsToDkCore370(Path file) {
        IBaseResource resource = TestFiles.parse(file);
        List<Executable> checks = new ArrayList<>();
        for (IBaseResource r : Examples.withEntries(resource)) {
            String what = file.getFileName() + (r == resource ? "" : " entry " + TestFiles.FHIR.getResourceType(r));
            checks.add(() -> {
                ValidationResult result = validator.validate(r);
                List<SingleValidationMessage> errors = ProfileValidator.errorsOf(result);
                assertTrue(errors.isEmpty(), what + " must conform to DK Core 3.7.0 and our profile:\n" + TestFiles.describe(errors));
                // ...and DK Core must actually have been checked, not skipped as unknown.
                assertTrue(result.getMessages().stream().noneMatch(m -> m.getMessage().contains("could not be found")),
                        what + ":\n" + TestFiles.describe(result.getMessages()));
            });
        }
        assertAll(checks);
    }

    /** The ServiceRequest examples too: with KL's package loaded, PreconditionDate is checked against KL's definition. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dk.rehab.adapter.validation.ExamplesConformanceTest#validExamples")
    void everyValidExampleStaysValidWithThePackagesLoaded(Path file) {
        List<SingleValidationMessage> errors = validator.errors(TestFiles.parse(file));
        assertTrue(errors.isEmpty(), file.getFileName() + ":\n" + TestFiles.describe(errors));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dk.rehab.adapter.validation.ExamplesConformanceTest#invalidExamples")
    void everyInvalidExampleStaysInvalidWithThePackagesLoaded(Path file) {
        Examples.Expectation expected = Examples.expectations().get(file.getFileName().toString());
        assertNotNull(expected, file.getFileName() + " is not described in examples/invalid/expected.json");
        List<SingleValidationMessage> errors = validator.errors(TestFiles.parse(file));
        assertTrue(errors.stream().anyMatch(m -> m.getMessage().contains(expected.message())),
                file.getFileName() + " must be rejected with '" + expected.message() + "'; got:\n" + TestFiles.describe(errors));
    }

    @Test
    void klCompleteCodeSystemWinsOverOurFragment() {
        CodeSystem cs = (CodeSystem) support.fetchCodeSystem(Canonical.CS_CARE_SOCIAL);
        assertEquals(CodeSystem.CodeSystemContentMode.COMPLETE, cs.getContent(), "KL's package comes before profiles/ in the chain");
    }

    @Test
    void ourCareSocialCodesFragmentMatchesKlPublishedCodeSystem() {
        Path klFile = shared().resolve("fhir/terminology/CodeSystem-CareSocialCodes.json");
        assertTrue(Files.isRegularFile(klFile), "KL's CareSocialCodes expected at " + klFile);
        CodeSystem kl = (CodeSystem) TestFiles.parse(klFile);
        CodeSystem ours = (CodeSystem) TestFiles.parse(TestFiles.projectDir().resolve("profiles/CodeSystem-care-social-codes.json"));
        assertEquals(kl.getUrl(), ours.getUrl());
        Map<String, String> klDisplays = new HashMap<>();
        ProfilesTest.flatten(kl.getConcept(), klDisplays);
        Map<String, String> ourDisplays = new HashMap<>();
        ProfilesTest.flatten(ours.getConcept(), ourDisplays);
        assertFalse(ourDisplays.isEmpty());
        assertAll(ourDisplays.entrySet().stream().map(e -> () -> {
            assertTrue(klDisplays.containsKey(e.getKey()), "code " + e.getKey() + " is not in KL's CareSocialCodes");
            assertEquals(klDisplays.get(e.getKey()), e.getValue(), "display of " + e.getKey());
        }));
    }
}
