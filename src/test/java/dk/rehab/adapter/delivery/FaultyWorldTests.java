package dk.rehab.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.CourseFixtures;
import dk.rehab.adapter.support.FaultyReceiver;
import dk.rehab.adapter.support.FinishedCourses;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Exactly once in a faulty world. Three receiving servers — the GP's, the hospital's and the hospital's acknowledgement
 * endpoint ({@link FaultyReceiver}) — answer 50 % of requests 500/503, let 10 % time out, cut the connection in the middle
 * of the answer on 5 %, and accept the rest. Final statuses (to the GP and to the hospital) and acknowledgements of plan
 * messages are produced while the workers deliver them. Every one arrives: each receiver's accepted identifiers are
 * exactly the expected ones, every copy of one carried the same identifier and the same content (so a receiver
 * deduplicates them as a FHIR server does: conditional create on the master identifier; a message by Bundle.id), and
 * each delivery's Task has one version per attempt ({@code _history}). With {@link #twoInstances()} a second adapter
 * runs as a separate process on the same database, both with their workers on, and is killed with SIGKILL mid-run:
 * the deliveries it held are taken over when their lease expires, and nothing is lost.
 */
abstract class FaultyWorldTests {
    private static final String GP_YDERNUMMER = "012345";
    /** How much work: CI runs the defaults; {@code -Dfaults.final-statuses=40 -Dfaults.messages=80} for a longer run. */
    private static final int FINAL_STATUSES = Integer.getInteger("faults.final-statuses", 12);
    private static final int MESSAGES = Integer.getInteger("faults.messages", 24);
    private static final long TIMEOUT_MILLIS = 1000;
    private static final long CONNECT_TIMEOUT_MILLIS = 500;
    private static final Duration LEASE = Duration.ofSeconds(5);

    protected abstract Map<String, Object> database(String name);

    /** Whether a second instance runs (in its own process, on the same database) and is killed mid-run. */
    protected abstract boolean twoInstances();

    private final FhirContext fhir = FhirContext.forR4Cached();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Process other;

    @AfterEach
    void stop() throws Exception {
        if (other != null) {
            other.destroyForcibly();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void everyFinalStatusAndAcknowledgementArrivesExactlyOnce() throws Exception {
        FaultyReceiver gp = receiver(1);
        FaultyReceiver hospital = receiver(2);
        FaultyReceiver acks = receiver(3);
        String hospitalGln = Plans.gln(String.valueOf(579000000000L + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 999999)));
        Map<String, Object> properties = properties(gp, hospital, acks, hospitalGln);

        ConfigurableApplicationContext app = start(properties);
        Http http = http(app);
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        Http otherHttp = null;
        java.util.concurrent.CompletableFuture<Kill> kill = java.util.concurrent.CompletableFuture.completedFuture(null);
        if (twoInstances()) {
            int port = freePort();
            other = startProcess(properties, port);
            otherHttp = new Http(fhir, "http://127.0.0.1:" + port + "/fhir");
            awaitUp(otherHttp);
            // The second instance is killed in the middle of the run, while it is sending (see killWhileSending).
            kill = java.util.concurrent.CompletableFuture.supplyAsync(() -> killWhileSending(jdbc, gp, hospital, acks));
        }

        long started = System.currentTimeMillis();
        // The work, produced while both workers already deliver: final statuses and plan messages whose acknowledgement is owed.
        FinishedCourses courses = new FinishedCourses(http, new CourseFixtures(app), GP_YDERNUMMER, hospitalGln);
        Set<String> documents = new HashSet<>();
        Set<String> ackIds = new HashSet<>();
        for (int i = 0; i < Math.max(FINAL_STATUSES, MESSAGES); i++) {
            if (i < FINAL_STATUSES) {
                DocumentReference doc = courses.finish();
                documents.add(Canonical.SYSTEM_FINAL_STATUS + "|" + doc.getMasterIdentifier().getValue());
            }
            if (i < MESSAGES) {
                Bundle message = Messages.newPlan(Plans.newCpr(), LocalDate.now().minusDays(1));
                Messages.header(message).getSource().setEndpoint(acks.base());
                Http.Response answer = null;
                if (i % 2 == 0 && otherHttp != null && other.isAlive()) {
                    try {
                        answer = otherHttp.json("$process-message", message);
                    } catch (RuntimeException killed) {
                        answer = null; // the instance died under the request: the hospital sends the message again, elsewhere
                    }
                }
                if (answer == null) {
                    answer = http.json("$process-message", message);
                }
                assertThat(answer.status()).as(answer.text()).isEqualTo(200);
                ackIds.add("Bundle/" + answer.resource(Bundle.class).getIdElement().getIdPart());
            }
        }
        assertThat(ackIds).hasSize(MESSAGES);
        long produced = System.currentTimeMillis();

        Kill killed = kill.get(60, java.util.concurrent.TimeUnit.SECONDS);
        Map<String, Instant> orphans = killed == null ? Map.of() : killed.orphans();
        Instant killedAt = killed == null ? null : killed.at();
        if (twoInstances()) {
            assertThat(orphans).as("the killed instance held a leased delivery").isNotEmpty();
        }

        awaitAllDelivered(jdbc, 45_000 + 500L * (FINAL_STATUSES + MESSAGES));
        long done = System.currentTimeMillis();

        // Nothing dropped, nothing extra: each receiver accepted exactly the expected identifiers, each once.
        assertThat(gp.identifiers()).isEqualTo(documents);
        assertThat(hospital.identifiers()).isEqualTo(documents);
        assertThat(acks.identifiers()).isEqualTo(ackIds);
        for (FaultyReceiver r : List.of(gp, hospital, acks)) {
            assertThat(r.malformed.get()).as("requests without the identifier the receiver deduplicates by").isZero();
            assertThat(r.accepted().values()).allSatisfy(e -> assertThat(e.differentContent).as("a re-send with other content").isZero());
        }
        // Reported, not asserted: copies that arrived after the receiver had written a whole 2xx. The adapter sends again only
        // when it did not hear that answer — a killed instance's last request, or an answer that came after the adapter's
        // timeout on a machine short of CPU; the receiver deduplicates them all (asserted above).
        int afterClean = resentAfterCleanAnswer(gp) + resentAfterCleanAnswer(hospital) + resentAfterCleanAnswer(acks);

        // Each delivery's Task shows its history: one version for the plan and one per attempt, every failed attempt with its error.
        List<Task> tasks = new ArrayList<>();
        for (String documentId : jdbc.queryForList("select distinct document_id from delivery", String.class)) {
            tasks.addAll(http.get("Task?focus=DocumentReference/" + documentId).resource(Bundle.class).getEntry().stream()
                    .map(e -> (Task) e.getResource()).toList());
        }
        assertThat(tasks).hasSize(2 * FINAL_STATUSES);
        int recordedAttempts = 0;
        for (Task task : tasks) {
            assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
            int attempts = attempts(task);
            recordedAttempts += attempts;
            List<Task> history = history(http, task);
            assertThat(history).as("versions of Task/%s", task.getIdElement().getIdPart()).hasSize(attempts + 1);
            assertThat(code(history.get(history.size() - 1))).isEqualTo("pending");
            for (int v = 1; v < history.size() - 1; v++) {
                Task earlier = history.get(v);
                assertThat(code(earlier)).isEqualTo("retrying");
                assertThat(attempts(earlier)).isEqualTo(attempts - v);
                assertThat(earlier.getStatusReason().getText()).containsAnyOf("HTTP 500", "HTTP 503", "no answer within", "Exception");
            }
        }
        // A delivery the killed instance held was not touched until its lease ran out, then delivered by the survivor.
        for (Map.Entry<String, Instant> orphan : orphans.entrySet()) {
            List<Task> history = history(http, http.get("Task/" + orphan.getKey()).resource(Task.class));
            Instant leaseEnd = orphan.getValue();
            Instant killTime = killedAt;
            assertThat(history.stream().map(t -> t.getLastModified().toInstant()).filter(t -> t.isAfter(killTime) && t.isBefore(leaseEnd)))
                    .as("Task/%s changed while the killed instance's lease still held", orphan.getKey()).isEmpty();
            assertThat(code(history.get(0))).isEqualTo("delivered");
            assertThat(history.get(0).getLastModified().toInstant()).isAfterOrEqualTo(leaseEnd);
        }

        int ackAttempts = jdbc.queryForObject("select coalesce(sum(attempts), 0) from ack_outbox", Integer.class);
        String figures = String.format("faulty world (%s): %d final statuses to 2 recipients + %d acknowledgements = %d deliveries; "
                        + "raw requests at the receivers %d (gp %d, hospital %d, acks %d), of them 5xx %d, timed out %d, cut mid-answer %d; "
                        + "attempts recorded: deliveries %d, acknowledgements %d; accepted unique %d (expected %d); duplicate copies deduplicated "
                        + "by the receivers %d; duplicates accepted 0; lost 0; re-sent after a whole 2xx %d; leased deliveries orphaned by the kill %d; "
                        + "with the instances up: produce %d ms, drain %d ms after that, total %d ms%n",
                twoInstances() ? "two instances, one killed with SIGKILL" : "one instance", FINAL_STATUSES, MESSAGES, 2 * FINAL_STATUSES + MESSAGES,
                gp.arrivals.get() + hospital.arrivals.get() + acks.arrivals.get(), gp.arrivals.get(), hospital.arrivals.get(), acks.arrivals.get(),
                gp.failed.get() + hospital.failed.get() + acks.failed.get(), gp.timedOut.get() + hospital.timedOut.get() + acks.timedOut.get(),
                gp.cutOff.get() + hospital.cutOff.get() + acks.cutOff.get(), recordedAttempts, ackAttempts,
                gp.identifiers().size() + hospital.identifiers().size() + acks.identifiers().size(), 2 * FINAL_STATUSES + MESSAGES,
                duplicates(gp) + duplicates(hospital) + duplicates(acks), afterClean, orphans.size(),
                produced - started, done - produced, done - started);
        System.out.print(figures);
        Files.writeString(Path.of("target", "faulty-world-" + (twoInstances() ? "two-instances" : "one-instance") + ".txt"), figures);
    }

    private FaultyReceiver receiver(long seed) {
        FaultyReceiver r = new FaultyReceiver(fhir, seed, 0.50, 0.10, 0.05, TIMEOUT_MILLIS + 700);
        open.add(r);
        return r;
    }

    private Map<String, Object> properties(FaultyReceiver gp, FaultyReceiver hospital, FaultyReceiver acks, String hospitalGln) {
        Map<String, Object> p = new HashMap<>(database("it_faults_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8)));
        p.put("adapter.delivery.poll-interval", "100ms");
        p.put("adapter.delivery.initial-backoff", "100ms");
        p.put("adapter.delivery.max-backoff", "800ms");
        p.put("adapter.delivery.timeout", TIMEOUT_MILLIS + "ms");
        p.put("adapter.delivery.connect-timeout", CONNECT_TIMEOUT_MILLIS + "ms");
        p.put("adapter.delivery.lease", LEASE.toMillis() + "ms");
        p.put("adapter.delivery.max-attempts", "60");
        p.put("adapter.delivery.endpoints[0].system", Canonical.SYSTEM_YDERNUMMER);
        p.put("adapter.delivery.endpoints[0].value", GP_YDERNUMMER);
        p.put("adapter.delivery.endpoints[0].url", gp.base());
        p.put("adapter.delivery.endpoints[1].system", Canonical.SYSTEM_GLN_HTTPS);
        p.put("adapter.delivery.endpoints[1].value", hospitalGln);
        p.put("adapter.delivery.endpoints[1].url", hospital.base());
        p.put("adapter.messaging.ack-endpoints", acks.base());
        p.put("adapter.messaging.delivery-interval", "PT0.1S");
        p.put("adapter.messaging.delivery-timeout", "PT1S");
        p.put("adapter.messaging.initial-backoff", "PT0.1S");
        p.put("adapter.messaging.max-backoff", "PT0.8S");
        p.put("adapter.messaging.max-attempts", "60");
        return p;
    }

    private ConfigurableApplicationContext start(Map<String, Object> properties) {
        Map<String, Object> own = new HashMap<>(properties);
        own.put("server.port", "0");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(RehabAdapterApplication.class).run(args(own));
        open.add(app);
        return app;
    }

    /** The second instance: its own JVM on the test classpath, so that it can be killed with SIGKILL. */
    private Process startProcess(Map<String, Object> properties, int port) throws Exception {
        Map<String, Object> own = new HashMap<>(properties);
        own.put("server.port", String.valueOf(port));
        own.put("logging.level.root", "WARN");
        // its own JVM, but the tests' local signing key, so the tests' tokens are good there too
        own.put("adapter.security.local-key", dk.rehab.adapter.support.TestTokens.keyFile().toAbsolutePath().toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                RehabAdapterApplication.class.getName()));
        command.addAll(List.of(args(own)));
        File log = Path.of("target", "faulty-world-instance-b.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private void awaitUp(Http other) throws InterruptedException {
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until) {
            assertThat(this.other.isAlive()).as("the second instance started (see target/faulty-world-instance-b.log)").isTrue();
            try {
                if (other.get("metadata").status() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the second instance did not start within 60 s");
    }

    record Kill(Instant at, Map<String, Instant> orphans) {
    }

    /**
     * Once a third of the deliveries are accepted, kills the second instance with SIGKILL at a moment both instances are
     * sending a final status (two leases held) — or, failing that within 10 s, one is. Then finds the deliveries it held.
     */
    private Kill killWhileSending(JdbcTemplate jdbc, FaultyReceiver... receivers) {
        try {
            long until = System.currentTimeMillis() + 40_000;
            while (java.util.Arrays.stream(receivers).mapToInt(r -> r.identifiers().size()).sum() < (2 * FINAL_STATUSES + MESSAGES) / 3
                    && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            long both = System.currentTimeMillis() + 10_000;
            while (leased(jdbc) < 2 && System.currentTimeMillis() < both) {
                Thread.sleep(2);
            }
            while (leased(jdbc) < 1 && System.currentTimeMillis() < until + 10_000) {
                Thread.sleep(2);
            }
            other.destroyForcibly().waitFor();
            // the time it was dead, not the time the kill was asked for: until the signal lands the instance may still
            // commit a Task it holds (seen in CI: a change between the two, counted as a change under the dead lease)
            Instant at = Instant.now();
            return new Kill(at, orphans(jdbc, at));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int leased(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from delivery where state in ('pending', 'retrying') and claimed_until > ?",
                Integer.class, Timestamp.from(Instant.now()));
    }

    /**
     * The deliveries the killed instance held: still claimed when any attempt the survivor was making has ended, by a claim
     * made before the kill (so it runs out before kill + lease).
     */
    private Map<String, Instant> orphans(JdbcTemplate jdbc, Instant killedAt) throws InterruptedException {
        Thread.sleep(TIMEOUT_MILLIS + CONNECT_TIMEOUT_MILLIS + 700);
        Map<String, Instant> orphans = new HashMap<>();
        jdbc.query("select task_id, claimed_until from delivery where state in ('pending', 'retrying') and claimed_until > ? and claimed_until <= ?",
                rs -> {
                    orphans.put(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
                }, Timestamp.from(Instant.now()), Timestamp.from(killedAt.plus(LEASE)));
        return orphans;
    }

    private static void awaitAllDelivered(JdbcTemplate jdbc, long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < until && (open(jdbc) > 0)) {
            Thread.sleep(100);
        }
        assertThat(jdbc.queryForList("select state || ' ' || attempts || ' ' || coalesce(last_error, '') from delivery where state <> 'delivered'", String.class))
                .as("deliveries not delivered").isEmpty();
        assertThat(jdbc.queryForList("select attempts || ' ' || coalesce(last_error, '') from ack_outbox where delivered is null", String.class))
                .as("acknowledgements not delivered").isEmpty();
    }

    private static int open(JdbcTemplate jdbc) {
        if (jdbc.queryForObject("select count(*) from delivery where state = 'failed'", Integer.class) > 0) {
            return 0;
        }
        return jdbc.queryForObject("select count(*) from delivery where state <> 'delivered'", Integer.class)
                + jdbc.queryForObject("select count(*) from ack_outbox where delivered is null", Integer.class);
    }

    private List<Task> history(Http http, Task task) {
        Bundle history = http.get("Task/" + task.getIdElement().getIdPart() + "/_history").resource(Bundle.class);
        return history.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).map(Task.class::cast).toList();
    }

    private static int attempts(Task task) {
        return task.getOutput().stream().filter(o -> "attempts".equals(o.getType().getText()))
                .map(o -> ((IntegerType) o.getValue()).getValue()).findFirst().orElseThrow();
    }

    private static String code(Task task) {
        return task.getBusinessStatus().getCodingFirstRep().getCode();
    }

    private static int duplicates(FaultyReceiver r) {
        return r.accepted().values().stream().mapToInt(e -> e.arrivals - 1).sum();
    }

    private static int resentAfterCleanAnswer(FaultyReceiver r) {
        return r.accepted().values().stream().mapToInt(e -> e.afterCleanAnswer).sum();
    }

    private Http http(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new Http(app.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
    }

    private static String[] args(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
