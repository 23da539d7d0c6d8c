package dk.rehab.adapter.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/**
 * The third-party files some tests read and the repository never holds: the Danish FHIR packages, KL's code systems
 * and MedCom's GGOP sample, in the folder {@code shared/} beside the checkout (as on the project's machines and in CI),
 * or wherever {@value #FOLDER_VARIABLE} (environment) or {@code -Dadapter.test.shared} points.
 *
 * <p>Without the folder, the tests that need it are skipped (JUnit assumptions) with one line saying why and how to
 * enable them — unless {@value #REQUIRED_VARIABLE}{@code =true} ({@code .ci/run} sets it), when a missing folder fails
 * the build instead, so CI can never skip them silently.
 */
public final class Shared {
    public static final String FOLDER_VARIABLE = "ADAPTER_TEST_SHARED";
    public static final String REQUIRED_VARIABLE = "ADAPTER_TEST_REQUIRE_SHARED";
    /** What the folder must hold: fhir/packages/ with these packages (name-version.tgz, as published). */
    public static final String PACKAGES = "hl7.fhir.dk.core-3.7.0, kl.dk.fhir.rehab-2.2.0, kl.dk.fhir.term-2.2.0, medcom.fhir.dk.core-4.0.0, "
            + "medcom.fhir.dk.messaging-4.0.2, medcom.fhir.dk.acknowledgement-2.0.3, medcom.fhir.dk.terminology-2.0.2 (+ their dependencies)";
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private Shared() {
    }

    public static Path folder() {
        String configured = System.getenv(FOLDER_VARIABLE);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("adapter.test.shared");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.dir")).resolve("../shared").toAbsolutePath().normalize();
    }

    /** fhir/packages: the Danish FHIR packages (*.tgz). */
    public static Path packages() {
        return need(folder().resolve("fhir/packages"), "the Danish FHIR packages (" + PACKAGES + ")");
    }

    /** fhir/terminology: KL's code systems as FHIR JSON (CodeSystem-FSIII.json, CodeSystem-CareSocialCodes.json). */
    public static Path klTerminology() {
        return need(folder().resolve("fhir/terminology"), "KL's code systems (CodeSystem-FSIII.json, CodeSystem-CareSocialCodes.json)");
    }

    /** samples/ggop/ggop.xml: MedCom's sample GGOP plan. */
    public static Path ggopSample() {
        return need(folder().resolve("samples/ggop/ggop.xml"), "MedCom's sample GGOP (samples/ggop/ggop.xml)");
    }

    /** The file if it is there, empty if not (for a test that does more than check the third-party file). */
    public static java.util.Optional<Path> optional(java.util.function.Supplier<Path> file) {
        try {
            return java.util.Optional.of(file.get());
        } catch (org.opentest4j.TestAbortedException e) {
            return java.util.Optional.empty();
        }
    }

    private static Path need(Path path, String what) {
        if (Files.exists(path)) {
            return path;
        }
        String why = "needs " + what + " at " + path + "; set " + FOLDER_VARIABLE + " to a folder holding fhir/packages, "
                + "fhir/terminology and samples/ggop (README: \"Tests and the Danish packages\")";
        if (Boolean.parseBoolean(System.getenv(REQUIRED_VARIABLE))) {
            throw new AssertionError(REQUIRED_VARIABLE + "=true, but this test " + why);
        }
        if (TOLD.compareAndSet(false, true)) {
            System.out.println("[shared] skipping the tests that need third-party files: " + why);
        }
        Assumptions.abort("skipped: " + why);
        return path;
    }
}
