package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.delivery.Deliveries;
import dk.rehab.adapter.fhir.WriteTransactions;
import dk.rehab.adapter.store.ResourceStore;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Makes a KL Gateway § 140 delivery in one transaction: the citizens of the period (or, incremental, those changed since
 * their last report KL accepted; {@link KlReportCitizens}), per citizen a {@code klgateway-140-delivery-report}
 * ({@link KlReportBatches}: {@link KlCitizenReader} → {@link KlDeliveryReportAssembler}) stored as a Bundle resource, a
 * {@code kl_report} row and an outbox row ({@code delivery}, kind {@code kl-gateway}, with its Task) that the delivery
 * worker sends to {@code adapter.kl-gateway.endpoint} ({@link KlGatewaySender}). Answers the
 * {@code klgateway-140-incremental-delivery} that wraps the reports ({@link KlDeliveryWriter} streams it from the stored
 * reports after the commit). Nothing is sent in the request itself: the outbox sends after the commit, exactly once.
 *
 * <p>Two cores at work: while the request's transaction stores one batch of {@link #BATCH} citizens (one batched
 * statement per table), two reader threads read and encode the next two. The reader only reads (committed data, as every
 * statement of the transaction does at read committed); everything is written by the transaction, so the delivery is
 * stored whole or not at all.
 */
@Service
public class KlGatewayReportService {
    private final KlReportCitizens citizens;
    private final KlReportBatches batches;
    private final Deliveries deliveries;
    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final WriteTransactions transactions;
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kl-report-reader");
        t.setDaemon(true);
        return t;
    });

    public KlGatewayReportService(KlReportCitizens citizens, KlReportBatches batches, Deliveries deliveries, ResourceStore store,
                                  JdbcTemplate jdbc, WriteTransactions transactions) {
        this.citizens = citizens;
        this.batches = batches;
        this.deliveries = deliveries;
        this.store = store;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * The citizens read and reported at a time. Measured at 12,000 citizens (bench/RESULTS.md): 100 or 50 kept more
     * parsed resources alive across young collections (their copying was a fifth of the server's CPU), 10 cost
     * PostgreSQL twice the statements.
     */
    static final int BATCH = 25;

    /**
     * The batches read ahead while one is stored: two reader threads, as parsing and encoding are most of the work and
     * the machine this was measured on has two cores (bench/RESULTS.md).
     */
    static final int READ_AHEAD = 2;

    /**
     * What one request made: the id of the {@code klgateway-140-incremental-delivery}, its time (the reports' cut-off)
     * and the ids of the citizen reports it wraps, in citizen order. The reports themselves are stored, not kept.
     */
    public record Made(String deliveryId, Instant cutOff, List<String> reportIds) {
    }

    /**
     * {@code incremental}: since the last accepted delivery (start and end null); else the period {@code [start, end]}.
     * Citizens are read {@link #BATCH} at a time and each batch is stored as it is made, so the heap holds three batches.
     */
    public Made make(LocalDate start, LocalDate end, boolean incremental) {
        return transactions.run(() -> {
            Instant cutOff = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<String> ids = incremental ? citizens.changedSinceAccepted() : citizens.inPeriod(start, end);
            KlReportBatches.Request request = new KlReportBatches.Request(ResourceStore.newId(), cutOff, start, end, incremental);
            Map<String, Organization> organizations = new ConcurrentHashMap<>(); // shared by the reader threads
            List<String> reportIds = new ArrayList<>();
            Deque<Future<KlReportBatches.Batch>> ahead = new ArrayDeque<>();
            int next = 0;
            try {
                while (next < ids.size() || !ahead.isEmpty()) {
                    while (next < ids.size() && ahead.size() < READ_AHEAD) {
                        ahead.add(read(ids, next, organizations, request));
                        next += BATCH;
                    }
                    KlReportBatches.Batch batch = await(ahead.poll());
                    if (next < ids.size()) { // the next batch read while this one is stored
                        ahead.add(read(ids, next, organizations, request));
                        next += BATCH;
                    }
                    store(batch);
                    reportIds.addAll(batch.reportIds());
                }
            } finally {
                ahead.forEach(f -> f.cancel(false)); // not interrupted: each finishes its reads, and its batch is dropped
            }
            return new Made(request.deliveryId(), cutOff, List.copyOf(reportIds));
        });
    }

    private Future<KlReportBatches.Batch> read(List<String> ids, int from, Map<String, Organization> organizations,
                                               KlReportBatches.Request request) {
        List<String> batch = List.copyOf(ids.subList(from, Math.min(ids.size(), from + BATCH)));
        return readers.submit(() -> batches.make(batch, organizations, request));
    }

    private static KlReportBatches.Batch await(Future<KlReportBatches.Batch> batch) {
        return dk.rehab.adapter.fhir.Futures.await(batch, "reading the KL report's citizens");
    }

    /** Stores a batch: its reports, outbox rows with their Tasks and kl_report rows, one batched statement per table. */
    private void store(KlReportBatches.Batch batch) {
        store.insertNew(batch.reports());
        deliveries.insertMany(batch.outbox());
        jdbc.batchUpdate("insert into kl_report (report_id, delivery_id, patient_id, task_id, cut_off, period_start, period_end, incremental) "
                + "values (?,?,?,?,?,?,?,?)", batch.rows());
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }
}
