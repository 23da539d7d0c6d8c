package dk.rehab.adapter.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.support.H2;
import dk.rehab.adapter.support.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The README's "Quick start" runs as written: every {@code bash} block of that section (but the one marked
 * {@code <!-- quickstart: skip … -->}, which starts the server this test has already started) is run, in order, in one
 * bash process in the project folder, with {@code localhost:8080} pointing at this test's server; each block must
 * exit 0 and its output must contain every {@code <!-- quickstart: expect TEXT -->} written above it. So the quick
 * start cannot drift from what the server answers. The token command ({@code java -jar target/….jar token}) runs as the
 * same main class from the test's classpath, with this test server's local key.
 */
@H2
@TestPropertySource(properties = "test.context=quickstart") // a context, and so a database, of its own: the README's counts are a new server's
class QuickStartTest extends IntegrationTest {
    private static final Pattern BLOCK = Pattern.compile("((?:<!-- quickstart: [^\\n]*-->\\n)*)```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern DIRECTIVE = Pattern.compile("<!-- quickstart: (skip|expect) ?(.*?) ?-->");

    record Step(String commands, List<String> expected) {
    }

    /** The README's token command: run here as the same main class on the test's classpath (the jar is built after the tests). */
    private static final String JAR = "java -jar target/rehab-fhir-adapter-0.1.0-SNAPSHOT.jar";

    /** The application's runtime classpath: the test JVM's without the test classes (surefire names it in surefire.test.class.path). */
    private static String applicationClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    static List<Step> steps() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Quick start");
        int end = readme.indexOf("\n## ", start + 3);
        assertThat(start).as("README has a Quick start section").isNotNegative();
        List<Step> steps = new ArrayList<>();
        Matcher block = BLOCK.matcher(readme.substring(start, end));
        while (block.find()) {
            List<String> expected = new ArrayList<>();
            boolean skip = false;
            Matcher directive = DIRECTIVE.matcher(block.group(1));
            while (directive.find()) {
                skip |= directive.group(1).equals("skip");
                if (directive.group(1).equals("expect")) {
                    expected.add(directive.group(2));
                }
            }
            if (!skip) {
                steps.add(new Step(block.group(2), expected));
            }
        }
        return steps;
    }

    @Test
    void everyStepAnswersAsTheReadmeSays() throws Exception {
        List<Step> steps = steps();
        assertThat(steps).as("quick start steps").hasSizeGreaterThanOrEqualTo(6);
        assertThat(steps).allSatisfy(s -> assertThat(s.expected()).as("what %s must answer", s.commands()).isNotEmpty());

        Path work = Files.createTempDirectory("quickstart");
        // Each block is a function (its variables, such as PLAN, stay set for the next blocks); the first failing
        // command ends the script, so the steps after it have no "@@exit 0".
        StringBuilder script = new StringBuilder("set -eu -o pipefail\n");
        for (int i = 0; i < steps.size(); i++) {
            script.append("step").append(i).append("() {\n").append(steps.get(i).commands().replace("localhost:8080", "localhost:" + port)
                            .replace(JAR, "java -cp '" + applicationClasspath() + "' " + dk.rehab.adapter.RehabAdapterApplication.class.getName()))
                    .append("}\necho '@@step ").append(i).append("'\nstep").append(i).append("\necho\necho '@@exit 0'\n");
        }
        String text = script.toString();
        Files.writeString(work.resolve("quickstart.sh"), text);
        ProcessBuilder builder = new ProcessBuilder("bash", work.resolve("quickstart.sh").toString())
                .directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true);
        // The token command signs with this test server's local key, as `java -jar … token` does with ./data/'s.
        builder.environment().put("ADAPTER_SECURITY_LOCAL_KEY", dk.rehab.adapter.support.TestTokens.keyFile().toAbsolutePath().toString());
        Process bash = builder.start();
        assertThat(bash.waitFor(120, TimeUnit.SECONDS)).as("the quick start finishes").isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.deleteIfExists(Path.of("answer.json"));

        String[] parts = output.split("@@step ");
        assertThat(parts).as(output).hasSize(steps.size() + 1);
        for (int i = 0; i < steps.size(); i++) {
            String part = parts[i + 1];
            assertThat(part).as("step %d (%s) exits 0:%n%s", i, steps.get(i).commands(), part).contains("@@exit 0");
            for (String expected : steps.get(i).expected()) {
                assertThat(part).as("step %d (%s)", i, steps.get(i).commands()).contains(expected);
            }
        }
    }
}
