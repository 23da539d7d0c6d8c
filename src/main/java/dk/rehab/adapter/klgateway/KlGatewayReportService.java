package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.delivery.Deliveries;
import dk.rehab.adapter.delivery.Delivery;
import dk.rehab.adapter.fhir.WriteTransactions;
import dk.rehab.adapter.store.ResourceStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Makes a KL Gateway § 140 delivery in one transaction: the citizens of the period (or, incremental, those changed since
 * their last report KL accepted; {@link KlReportCitizens}), per citizen a {@code klgateway-140-delivery-report}
 * ({@link KlCitizenReader} → {@link KlDeliveryReportAssembler}) stored as a Bundle resource, a {@code kl_report} row and an
 * outbox row ({@code delivery}, kind {@code kl-gateway}, with its Task) that the delivery worker sends to
 * {@code adapter.kl-gateway.endpoint} ({@link KlGatewaySender}). Answers the {@code klgateway-140-incremental-delivery}
 * that wraps the reports ({@link KlDeliveryWriter} streams it from the stored reports after the commit). Nothing is sent in
 * the request itself: the outbox sends after the commit, exactly once.
 */
@Service
public class KlGatewayReportService {
    private final KlReportCitizens citizens;
    private final KlCitizenReader reader;
    private final Deliveries deliveries;
    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final WriteTransactions transactions;
    private final KlGatewayProperties properties;

    public KlGatewayReportService(KlReportCitizens citizens, KlCitizenReader reader, Deliveries deliveries, ResourceStore store,
                                  JdbcTemplate jdbc, WriteTransactions transactions, KlGatewayProperties properties) {
        this.citizens = citizens;
        this.reader = reader;
        this.deliveries = deliveries;
        this.store = store;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
    }

    /** The citizens read and reported at a time. */
    static final int BATCH = 100;

    /**
     * What one request made: the id of the {@code klgateway-140-incremental-delivery}, its time (the reports' cut-off)
     * and the ids of the citizen reports it wraps, in citizen order. The reports themselves are stored, not kept.
     */
    public record Made(String deliveryId, Instant cutOff, List<String> reportIds) {
    }

    /**
     * {@code incremental}: since the last accepted delivery (start and end null); else the period {@code [start, end]}.
     * Citizens are read {@link #BATCH} at a time and each report is stored as it is made, so the heap holds one batch.
     */
    public Made make(LocalDate start, LocalDate end, boolean incremental) {
        return transactions.run(() -> {
            Instant cutOff = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<String> ids = incremental ? citizens.changedSinceAccepted() : citizens.inPeriod(start, end);
            String deliveryId = ResourceStore.newId();
            Map<String, Organization> organizations = new HashMap<>();
            List<String> reportIds = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += BATCH) {
                for (CitizenRecord record : reader.readMany(ids.subList(from, Math.min(ids.size(), from + BATCH)), organizations)) {
                    reportIds.add(store(record, cutOff, deliveryId, start, end, incremental));
                }
            }
            return new Made(deliveryId, cutOff, List.copyOf(reportIds));
        });
    }

    private String store(CitizenRecord record, Instant cutOff, String deliveryId, LocalDate start, LocalDate end, boolean incremental) {
        String patientId = record.patient().getIdElement().getIdPart();
        String reportId = ResourceStore.newId();
        Bundle report = KlDeliveryReportAssembler.report(record, reportId, Date.from(cutOff), properties.resourceBase());
        store.create(report);
        String taskId = ResourceStore.newId();
        Delivery.State state = properties.configured() ? Delivery.State.PENDING : Delivery.State.NO_ENDPOINT;
        deliveries.insert(new Delivery(taskId, reportId, patientId, KlGatewaySender.KIND, null, null, "KL Gateway", null,
                properties.configured() ? properties.endpoint() : null, state, 0, state == Delivery.State.PENDING ? cutOff : null,
                null, null, null, cutOff));
        jdbc.update("insert into kl_report (report_id, delivery_id, patient_id, task_id, cut_off, period_start, period_end, incremental) "
                        + "values (?,?,?,?,?,?,?,?)", reportId, deliveryId, patientId, taskId, cutOff.atOffset(ZoneOffset.UTC),
                start, end, incremental);
        return reportId;
    }
}
