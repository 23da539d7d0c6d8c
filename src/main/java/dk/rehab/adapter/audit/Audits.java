package dk.rehab.adapter.audit;

import dk.rehab.adapter.store.ResourceStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Turns what a request's {@link AuditContext} holds into an {@link AuditRecord}: stored at once in the running
 * transaction (a write) or handed to the {@link AuditWriter} (reads, searches, refusals).
 */
@Component
public class Audits {
    private final AuditWriter writer;
    private final AuditRows rows;

    public Audits(AuditWriter writer, AuditRows rows) {
        this.writer = writer;
        this.rows = rows;
    }

    /** The event of {@code context}'s request with {@code outcome} (0, 4, 8) and its description, concerning {@code entities}. */
    static AuditRecord of(AuditContext context, int outcome, String desc, List<String> entities) {
        Interactions.Interaction interaction = context.subtype != null
                ? new Interactions.Interaction(context.subtype, context.action)
                : Interactions.guess(context.method, context.path);
        AuditRecord.Kind kind = context.path.startsWith("/medcom/") ? AuditRecord.Kind.MESSAGE : AuditRecord.Kind.REST;
        return new AuditRecord(ResourceStore.newId(), Instant.now().truncatedTo(ChronoUnit.MILLIS), kind, interaction.subtype(),
                interaction.action(), outcome, desc,
                context.caller == null ? null : context.caller.kind().claimValue(),
                context.caller == null ? null : blankToNull(context.caller.organisation()),
                context.caller == null ? null : context.caller.subject(),
                context.address, context.method + " " + Redaction.mask(context.path), context.query, List.copyOf(entities));
    }

    /**
     * Stores {@code event} in the running transaction; its entity index rows are filled after the commit by
     * {@link AuditIndex} (the searches find it meanwhile). Without a transaction, where the event and a later note
     * would commit apart, indexed at once.
     */
    void storeNow(AuditRecord event) {
        rows.insert(List.of(event), !org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive());
    }

    /** Stores {@code event} soon, off this thread. */
    void storeLater(AuditRecord event) {
        writer.submit(event);
    }

    /**
     * A final status sent out (or an attempt that failed), in the running transaction: the adapter as the requestor, the
     * recipient as the destination, the Patient, the DocumentReference and the Task.
     *
     * @param outcome 0 delivered, 4 refused by the receiver, 8 not delivered for another reason
     */
    public void delivery(String recipientKind, String recipient, String endpoint, String patientId, String documentId, String taskId,
                         int outcome, String outcomeDesc) {
        sent(recipientKind, recipient, endpoint, references("Patient", patientId, "DocumentReference", documentId, "Task", taskId), outcome, outcomeDesc);
    }

    /**
     * An acknowledgement sent out to the hospital that sent a plan (or an attempt that failed), in the running
     * transaction: the adapter as the requestor, the sender as the destination, the plan's Patient and ServiceRequest
     * (when the message made or named one) and the acknowledgement Bundle.
     *
     * @param outcome 0 delivered, 4 refused by the receiver, 8 not delivered for another reason
     */
    public void acknowledgement(String sender, String endpoint, String patientId, String planId, String ackId, int outcome, String outcomeDesc) {
        sent(dk.rehab.adapter.security.ClientKind.HOSPITAL.claimValue(), sender, endpoint,
                references("Patient", patientId, "ServiceRequest", planId, "Bundle", ackId), outcome, outcomeDesc);
    }

    /** {@code Type/id} of each (type, id) pair whose id is not null. */
    private static List<String> references(String... typesAndIds) {
        List<String> entities = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < typesAndIds.length; i += 2) {
            if (typesAndIds[i + 1] != null) {
                entities.add(typesAndIds[i] + "/" + typesAndIds[i + 1]);
            }
        }
        return entities;
    }

    /** Something the adapter sent out: an export-type event (110106) for the receiver. */
    private void sent(String recipientKind, String recipient, String endpoint, List<String> entities, int outcome, String outcomeDesc) {
        String host = null;
        try {
            host = endpoint == null ? null : java.net.URI.create(endpoint).getHost();
        } catch (IllegalArgumentException e) {
            // not a URL: no address
        }
        storeNow(new AuditRecord(ResourceStore.newId(), Instant.now().truncatedTo(ChronoUnit.MILLIS), AuditRecord.Kind.EXPORT, null, 'R',
                outcome, outcomeDesc, recipientKind, blankToNull(recipient), null, host, null, null, entities));
    }

    /**
     * A bulk export ({@code $export}) handed out to its client: the job when it finished (in the running transaction,
     * {@code now}) or one of its files when it was downloaded (queued, as reads are). The adapter is the source, the
     * client the destination; {@code entities} the Patients where they are known (a file's), {@code query} the
     * kick-off's parameters, {@code request} the method and path of the status or file URL.
     */
    public void bulkExport(dk.rehab.adapter.security.Caller caller, String address, String request, String query,
                           List<String> entities, boolean now) {
        bulkExport(caller, address, request, query, entities, 0, "bulk export", now);
    }

    /** As above with an outcome (0, or 4 for a refused download) and its description (e.g. {@code HTTP 404}). */
    public void bulkExport(dk.rehab.adapter.security.Caller caller, String address, String request, String query,
                           List<String> entities, int outcome, String outcomeDesc, boolean now) {
        AuditRecord event = new AuditRecord(ResourceStore.newId(), Instant.now().truncatedTo(ChronoUnit.MILLIS), AuditRecord.Kind.EXPORT,
                "operation", 'R', outcome, outcomeDesc, caller == null ? null : caller.kind().claimValue(),
                caller == null ? null : blankToNull(caller.organisation()), caller == null ? null : caller.subject(),
                address, request, query, List.copyOf(entities));
        if (now) {
            storeNow(event);
        } else {
            storeLater(event);
        }
    }

    /** Request parameters as an AuditEvent's query entity holds them ({@code name=value&…}, CPR numbers masked). */
    public static String query(java.util.Map<String, String[]> parameters) {
        return Redaction.query(parameters);
    }

    /** The Patient ({@code Patient/id}) a stored resource's JSON names (subject, patient, for, an actor), or null. */
    public static String patientOf(String type, String id, String json) {
        return PatientRefs.ofJson(type, id, json);
    }

    /** The Patient ({@code Patient/id}) a resource names (subject, patient, for, beneficiary, a Patient participant), or null. */
    public static String patientOf(org.hl7.fhir.instance.model.api.IBaseResource resource) {
        return PatientRefs.of(resource);
    }

    /** Waits until every read, search and refusal audited so far is stored. */
    public void flush() {
        writer.flush();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
