package dk.rehab.adapter.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.RehabAdapterApplication;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short crash test of CI (issue 14): the server as a JVM of its own on a fresh database, a few hundred plans and
 * plan messages from 4 clients, killed with SIGKILL twice at random moments and once more after the last answer,
 * started again each time on the same database. Every acknowledged plan must be there, and a full resend must create
 * no second ServiceRequest or Patient. The logic is {@link CrashDriver}, which {@code bench/crash.sh} runs at full size.
 */
abstract class CrashTests {
    static final int PLANS = 300;
    static final int KILLS = 2;
    static final int CLIENTS = 4;

    /** The server's datasource properties for a fresh database called {@code name}. */
    protected abstract Map<String, Object> database(String name);

    /** Removes the database again (nothing to do for an H2 file under target/). */
    protected void drop(String name) throws Exception {
    }

    @Test
    void everyAcknowledgedPlanSurvivesKill9AndAFullResendDuplicatesNothing(@TempDir Path work) throws Exception {
        String name = "it_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> database = database(name);
        long seed = System.nanoTime();
        try {
            List<String> server = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xms64m", "-Xmx320m", "-XX:TieredStopAtLevel=1", "-Xss512k",
                    "-cp", serverClasspath(), RehabAdapterApplication.class.getName()));
            database.forEach((key, value) -> server.add("--" + key + "=" + value));
            // The server signs with the tests' local key; the driver sends a municipality token minted from it.
            server.add("--adapter.security.local-key=" + dk.rehab.adapter.support.TestTokens.keyFile().toAbsolutePath());
            System.setProperty("adapter.token", dk.rehab.adapter.support.TestTokens.municipality());
            CrashDriver.Result result = CrashDriver.run(new CrashDriver.Options(PLANS, KILLS, CLIENTS, server, work, seed,
                    line -> System.out.println("[crash] " + line)));
            System.out.println(result.summary());

            assertThat(result.kills()).as("kill -9 during the load").isEqualTo(KILLS);
            assertThat(result.sent()).isEqualTo(PLANS);
            assertThat(result.lost()).as("acknowledged plans gone after kill -9 (seed %d)", seed).isZero();
            assertThat(result.duplicated()).as("plans or citizens stored twice (seed %d)", seed).isZero();
            assertThat(result.refused()).as("valid plans refused (seed %d)", seed).isZero();
            assertThat(result.resendFailed()).as("resends not acknowledged (seed %d)", seed).isZero();
            assertThat(result.acknowledged()).as("acknowledged despite the kills").isGreaterThan(PLANS / 2);
            assertThat(result.problems()).as("seed %d", seed).isEmpty();
        } finally {
            drop(name);
        }
    }

    /**
     * The application's runtime classpath: the test JVM's, without the test classes (their components must not be
     * scanned into the server). Surefire runs the tests from a manifest-only jar and names the real classpath in
     * {@code surefire.test.class.path}.
     */
    static String serverClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String path = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(path).as("the application's classes on the server's classpath").contains(Path.of("target", "classes").toString());
        return path;
    }
}
