package dk.rehab.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Locating and reading the project's files in tests (Maven runs tests with the project folder as user.dir). */
final class TestFiles {
    /** One R4 context for all tests in a JVM: creating one is expensive. */
    static final FhirContext FHIR = FhirContext.forR4Cached();

    private TestFiles() {
    }

    static Path projectDir() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        // Robust against a runner that starts in a sub-folder: walk up to the folder holding pom.xml + profiles/.
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("profiles"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find the project folder (pom.xml + profiles/) from user.dir " + dir);
    }

    static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals("expected.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IBaseResource parse(Path file) {
        return FHIR.newJsonParser().parseResource(read(file));
    }

    static String describe(List<SingleValidationMessage> messages) {
        return messages.stream()
                .map(m -> "  " + m.getSeverity() + " @ " + m.getLocationString() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"));
    }
}
