package dk.rehab.adapter.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import jakarta.servlet.Filter;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestPropertySource;

/**
 * Admission control of writes, with one write at a time and a short queue: a write that has its turn is held
 * inside the server (by a test filter behind the admission filter) while others arrive.
 */
@TestPropertySource(properties = {"adapter.admission.concurrent-writes=1", "adapter.admission.queue-timeout=PT2S"})
@Import(AdmissionTests.Holding.class)
abstract class AdmissionTests extends IntegrationTest {
    private static final Map<String, CountDownLatch> HELD = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> ENTERED = new ConcurrentHashMap<>();
    private static final List<String> ADMITTED = new CopyOnWriteArrayList<>();

    /** Behind the admission filter: records the order writes are admitted in, and holds those marked X-Test-Hold. */
    @TestConfiguration
    static class Holding {
        @Bean
        FilterRegistrationBean<Filter> holdingFilter() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                var http = (jakarta.servlet.http.HttpServletRequest) request;
                String tag = http.getHeader("X-Test-Tag");
                if (tag != null) {
                    ADMITTED.add(tag);
                }
                String hold = http.getHeader("X-Test-Hold");
                if (hold != null) {
                    ENTERED.computeIfAbsent(hold, k -> new CountDownLatch(1)).countDown();
                    try {
                        HELD.computeIfAbsent(hold, k -> new CountDownLatch(1)).await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                chain.doFilter(request, response);
            });
            registration.addUrlPatterns("/fhir/*", "/medcom/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 200);
            return registration;
        }
    }

    @Autowired
    private WriteAdmission admission;

    @AfterEach
    void releaseAll() {
        HELD.values().forEach(CountDownLatch::countDown);
        HELD.clear();
        ENTERED.clear();
    }

    /** A write held inside the server: {@link #release()} lets it finish. */
    private record Held(String token, CompletableFuture<Http.Response> answer) {
        void release() {
            HELD.computeIfAbsent(token, k -> new CountDownLatch(1)).countDown();
        }
    }

    /** Sends a write that is held inside the server once admitted; returns when it has its turn. */
    private Held holdTurn() throws InterruptedException {
        // A token of its own: the latches are static, shared with the other database's variant of these tests.
        String token = java.util.UUID.randomUUID().toString();
        CompletableFuture<Http.Response> answer = CompletableFuture.supplyAsync(() ->
                http.json("Patient", Plans.patient(Plans.newCpr()), "X-Test-Hold", token));
        assertThat(ENTERED.computeIfAbsent(token, k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS))
                .as("the held write got its turn").isTrue();
        return new Held(token, answer);
    }

    @Test
    void aWriteThatWaitsTooLongIsAnswered503WithAnOutcomeAndStoresNothing() throws Exception {
        Held held = holdTurn();
        String cpr = Plans.newCpr();
        Bundle plan = Plans.transaction(cpr, Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(1));

        Http.Response refused = http.json("", plan);

        OperationOutcome outcome = refused.assertError(503, "server-busy");
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TRANSIENT);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("nothing was stored").doesNotContain(cpr);
        assertThat(refused.header("Retry-After")).isNotNull().matches("[1-9][0-9]*");
        assertThat(refused.header("Content-Type")).startsWith("application/fhir+json");

        // Searches, also those sent as POST _search, are not queued behind the held write.
        Http.Response search = http.post("Patient/_search", "application/x-www-form-urlencoded",
                "identifier=" + Canonical.SYSTEM_CPR + "|" + cpr);
        assertThat(search.status()).as(search.text()).isEqualTo(200);
        assertThat(search.resource(Bundle.class).getTotal()).isZero();

        held.release();
        assertThat(held.answer().get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
        Bundle found = http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class);
        assertThat(found.getTotal()).as("the refused plan left nothing behind").isZero();

        // Sent again once the server has room, the same plan is stored.
        Http.Response again = http.json("", plan);
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class).getTotal()).isEqualTo(1);
    }

    @Test
    void readsRunWhileAWriteHoldsTheOnlyTurn() throws Exception {
        String id = http.json("Patient", Plans.patient(Plans.newCpr())).resource(Patient.class).getIdElement().getIdPart();
        Held held = holdTurn();

        Http.Response read = http.get("Patient/" + id);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.resource(Patient.class).getIdElement().getIdPart()).isEqualTo(id);
        held.release();
        assertThat(held.answer().get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
    }

    @Test
    void waitingWritesAreAdmittedInTheOrderTheyArrived() throws Exception {
        Held held = holdTurn();
        ADMITTED.clear();
        List<CompletableFuture<Http.Response>> queued = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String tag = "w" + i;
            queued.add(CompletableFuture.supplyAsync(() -> http.json("Patient", Plans.patient(Plans.newCpr()), "X-Test-Tag", tag)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (admission.waiting() < i + 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(admission.waiting()).as("writes waiting after %s arrived", tag).isEqualTo(i + 1);
        }

        held.release();

        assertThat(held.answer().get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
        for (CompletableFuture<Http.Response> write : queued) {
            assertThat(write.get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
        }
        assertThat(ADMITTED).containsExactly("w0", "w1", "w2");
    }
}
