package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.delivery.Delivery;
import dk.rehab.adapter.store.ResourceStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

/**
 * Makes the reports of a batch of citizens, ready to store: reads them ({@link KlCitizenReader}), assembles each
 * citizen's {@code klgateway-140-delivery-report} ({@link KlDeliveryReportAssembler}), stamps and encodes it once
 * ({@link ResourceStore#prepareCompact}) and names its outbox row and {@code kl_report} row. It only reads, so it may run on
 * another thread than the transaction that stores the batch ({@link KlGatewayReportService}).
 */
@Component
public class KlReportBatches {
    private final KlCitizenReader reader;
    private final ResourceStore store;
    private final KlGatewayProperties properties;

    public KlReportBatches(KlCitizenReader reader, ResourceStore store, KlGatewayProperties properties) {
        this.reader = reader;
        this.store = store;
        this.properties = properties;
    }

    /** What one request's reports share: the delivery, its cut-off and the period (or incremental). */
    public record Request(String deliveryId, Instant cutOff, LocalDate start, LocalDate end, boolean incremental) {
    }

    /**
     * A batch ready to store: the encoded reports, their outbox rows and their {@code kl_report} rows (report_id,
     * delivery_id, patient_id, task_id, cut_off, period_start, period_end, incremental), in citizen order.
     */
    public record Batch(List<ResourceStore.Encoded> reports, List<Delivery> outbox, List<Object[]> rows) {
        public List<String> reportIds() {
            return reports.stream().map(ResourceStore.Encoded::id).toList();
        }
    }

    /** The batch of {@code patientIds}; {@code organizations} caches parsed Organizations across the request's batches. */
    public Batch make(List<String> patientIds, Map<String, Organization> organizations, Request request) {
        List<CitizenRecord> records = reader.readMany(patientIds, organizations);
        List<ResourceStore.Encoded> reports = new ArrayList<>(records.size());
        List<Delivery> outbox = new ArrayList<>(records.size());
        List<Object[]> rows = new ArrayList<>(records.size());
        Delivery.State state = properties.configured() ? Delivery.State.PENDING : Delivery.State.NO_ENDPOINT;
        Instant cutOff = request.cutOff();
        for (CitizenRecord record : records) {
            String patientId = record.patient().getIdElement().getIdPart();
            String reportId = ResourceStore.newId();
            reports.add(store.prepareCompact(KlDeliveryReportAssembler.report(record, reportId, Date.from(cutOff), properties.resourceBase())));
            String taskId = ResourceStore.newId();
            outbox.add(new Delivery(taskId, reportId, patientId, KlGatewaySender.KIND, null, null, "KL Gateway", null,
                    properties.configured() ? properties.endpoint() : null, state, 0, state == Delivery.State.PENDING ? cutOff : null,
                    null, null, null, cutOff));
            rows.add(new Object[] {reportId, request.deliveryId(), patientId, taskId, cutOff.atOffset(ZoneOffset.UTC), request.start(),
                    request.end(), request.incremental()});
        }
        return new Batch(reports, outbox, rows);
    }
}
