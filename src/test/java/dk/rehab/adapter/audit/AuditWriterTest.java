package dk.rehab.adapter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The writer thread of the batched AuditEvents: a clean stop stores everything queued (even with a queue far smaller
 * than what was submitted, so submitters waited for room), each event exactly once, in batches; after the stop an event
 * is stored at once.
 */
class AuditWriterTest {
    private final List<List<AuditRecord>> batches = new CopyOnWriteArrayList<>();

    private AuditWriter writer(int capacity, int batchSize) {
        AuditProperties properties = new AuditProperties("test", capacity, batchSize, java.time.Duration.ofMillis(50));
        AuditRows rows = new AuditRows(null, properties) {
            @Override
            void insert(List<AuditRecord> events) {
                if (events.stream().anyMatch(e -> e.id().equals("id-poison"))) {
                    throw new org.springframework.dao.DataIntegrityViolationException("value too long");
                }
                try {
                    Thread.sleep(2); // a database round trip
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                batches.add(List.copyOf(events));
            }
        };
        return new AuditWriter(rows, new NoTransactions(), properties);
    }

    private static AuditRecord event(int n) {
        return new AuditRecord("id-" + n, Instant.now(), AuditRecord.Kind.REST, "read", 'R', 0, "HTTP 200", "hospital", "sor", "client",
                "127.0.0.1", "GET /fhir/Patient/" + n, null, List.of("Patient/" + n));
    }

    @Test
    void aCleanStopStoresEverythingQueuedExactlyOnce() throws Exception {
        AuditWriter writer = writer(50, 20);
        writer.start();
        ExecutorService requests = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            requests.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    writer.submit(event(thread * 1000 + i));
                }
            });
        }
        requests.shutdown();
        assertThat(requests.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        writer.stop();
        List<String> stored = batches.stream().flatMap(List::stream).map(AuditRecord::id).toList();
        assertThat(stored).hasSize(2000).doesNotHaveDuplicates();
        assertThat(batches).allSatisfy(batch -> assertThat(batch.size()).isBetween(1, 20));
        assertThat(batches.size()).as("stored in batches, not one by one").isLessThan(2000);

        writer.submit(event(99999)); // after the stop: stored at once
        assertThat(batches.get(batches.size() - 1)).extracting(AuditRecord::id).containsExactly("id-99999");
    }

    @Test
    void anEventTheDatabaseRefusesDoesNotTakeItsBatchWithIt() {
        AuditWriter writer = writer(1000, 100);
        for (int i = 0; i < 50; i++) {
            writer.submit(event(i)); // not started: stored at once, one by one
        }
        batches.clear();
        writer.start();
        List<AuditRecord> many = new java.util.ArrayList<>();
        for (int i = 0; i < 99; i++) {
            many.add(event(i));
        }
        many.add(50, new AuditRecord("id-poison", Instant.now(), AuditRecord.Kind.REST, "read", 'R', 4, "HTTP 400", null, null, null,
                "127.0.0.1", "GET /fhir/x", null, List.of()));
        many.forEach(writer::submit);
        writer.stop();
        assertThat(batches.stream().flatMap(List::stream).map(AuditRecord::id)).hasSize(99).doesNotContain("id-poison");
    }

    @Test
    void flushWaitsUntilEverythingQueuedIsStored() {
        AuditWriter writer = writer(1000, 100);
        writer.start();
        for (int i = 0; i < 300; i++) {
            writer.submit(event(i));
        }
        writer.flush();
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(300);
        writer.stop();
    }

    @Test
    void theJsonIsTheBalpShape() {
        String json = AuditJson.render(new AuditRecord("x", Instant.parse("2026-12-03T10:00:00Z"), AuditRecord.Kind.REST, "search-type", 'E',
                0, "HTTP 200", "gp", "012345", "gp:012345", "10.0.0.1", "GET /fhir/Patient", "identifier=urn:oid:1.2.208.176.1.2|*****",
                List.of("Patient/1")), "adapter-1");
        org.hl7.fhir.r4.model.AuditEvent event = dk.rehab.adapter.config.FhirContexts.shared().newJsonParser()
                .parseResource(org.hl7.fhir.r4.model.AuditEvent.class, json);
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("search-type");
        assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("012345");
        assertThat(event.getSource().getSite()).isEqualTo("adapter-1");
        assertThat(event.getEntity()).hasSize(3);
    }

    @Test
    void cprNumbersAreMaskedWhereverTheyAppear() {
        assertThat(Redaction.mask("identifier=urn:oid:1.2.208.176.1.2|0101901234,urn:oid:1.2.208.176.1.2|0202")).isEqualTo(
                "identifier=urn:oid:1.2.208.176.1.2|*****,urn:oid:1.2.208.176.1.2|*****");
        assertThat(Redaction.mask("patient.identifier=010190-1234&_count=10")).isEqualTo("patient.identifier=*****&_count=10");
        assertThat(Redaction.mask("identifier=9999999999")).as("not a date: not a CPR number").isEqualTo("identifier=9999999999");
        assertThat(Redaction.mask("/fhir/Patient/0101901234")).isEqualTo("/fhir/Patient/*****");
    }

    /** Transactions that do nothing (the rows above are a list). */
    private static final class NoTransactions extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }
}
