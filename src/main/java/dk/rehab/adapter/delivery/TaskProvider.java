package dk.rehab.adapter.delivery;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.WriteTransactions;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.fhir.search.PatientReferences;
import dk.rehab.adapter.fhir.search.SearchExecutor;
import dk.rehab.adapter.fhir.search.Recipients;
import dk.rehab.adapter.fhir.search.SqlFilter;
import dk.rehab.adapter.store.ResourceStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * {@code /Task}: one Task per final status and recipient ({@code rehab-delivery-task}), written by the adapter only:
 * read, vread, history (one version per attempt), search by status, business-status (pending, retrying, delivered,
 * failed, no-consent, not-wanted, no-recipient, no-endpoint, superseded), focus (the DocumentReference, the
 * Communication sent to the citizen through digital post, or the Bundle of a KL Gateway § 140 report), patient,
 * recipient (the identifier value of the GP or hospital it is addressed to: ydernummer, GLN or SOR); a transferred plan's
 * forwarding is a Task too (focus the ServiceRequest, {@code Task?focus=ServiceRequest/{id}}); and
 * {@code $retry}: send a failed,
 * retrying or no-endpoint delivery again now (the endpoint directory is consulted again).
 */
@Component
public class TaskProvider implements IResourceProvider {
    private static final Map<String, String> SORTABLE = Map.of("_lastUpdated", "r.last_updated", "authored-on", "d.created");
    private final ResourceReads reads;
    private final SearchExecutor executor;
    private final WriteTransactions transactions;
    private final Deliveries deliveries;
    private final ResourceStore store;
    private final OutboundSenders senders;

    public TaskProvider(ResourceReads reads, SearchExecutor executor, WriteTransactions transactions, Deliveries deliveries,
                        ResourceStore store, OutboundSenders senders) {
        this.senders = senders;
        this.reads = reads;
        this.executor = executor;
        this.transactions = transactions;
        this.deliveries = deliveries;
        this.store = store;
    }

    @Override
    public Class<Task> getResourceType() {
        return Task.class;
    }

    @Read(version = true)
    public Task read(@IdParam IdType id) {
        return reads.read(Task.class, id);
    }

    /**
     * {@code GET /Task/{id}/_history}: the delivery's history, newest first — one version per change of state and per
     * attempt, each with its attempt count, state and the error of that attempt.
     */
    @History
    public List<org.hl7.fhir.instance.model.api.IBaseResource> history(@IdParam IdType id) {
        return reads.history(Task.class, id);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam id,
                                  @OptionalParam(name = Task.SP_STATUS) TokenAndListParam status,
                                  @OptionalParam(name = Task.SP_BUSINESS_STATUS) TokenAndListParam businessStatus,
                                  @OptionalParam(name = Task.SP_FOCUS, targetTypes = {DocumentReference.class, org.hl7.fhir.r4.model.ServiceRequest.class,
                                          Communication.class, org.hl7.fhir.r4.model.Bundle.class}) ReferenceAndListParam focus,
                                  @OptionalParam(name = Task.SP_PATIENT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam patient,
                                  @OptionalParam(name = "recipient") TokenAndListParam recipient,
                                  @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        SqlFilter filter = executor.filter();
        filter.tokens(recipient, "recipient", (system, value) -> value == null ? "1 = 0" : Recipients.addressedTo("d", value));
        IdentifierSearch.idFilter(filter, id);
        filter.tokens(status, "status", (system, value) -> value == null ? "1 = 0" : "d.state in (" + states(filter, value) + ")");
        filter.tokens(businessStatus, "business-status", (system, value) -> (value == null ? "1 = 1" : "d.state = " + value)
                + (system == null ? "" : " and " + system + " = '" + Canonical.CS_DELIVERY_STATUS + "'"));
        PatientReferences.references(filter, bundleFocus(filter, focus), "focus", "d.document_id", java.util.Set.of("DocumentReference", "Communication", "ServiceRequest"));
        PatientReferences.filter(filter, patient, "patient", "d.patient_id");
        SearchExecutor.Query<Task> query = new SearchExecutor.Query<>(Task.class, "resource r join delivery d on d.task_id = r.res_id",
                filter, SearchExecutor.orderBy(sort, SORTABLE, "d.created desc"), offset, count);
        return executor.bundle(executor.page(query), List.of());
    }

    /**
     * The focus alternatives that name a Bundle (a KL Gateway report, {@code focus=Bundle/<id>}) become a filter on the
     * KL Gateway deliveries; what is left (DocumentReferences) is answered.
     */
    private static ReferenceAndListParam bundleFocus(SqlFilter filter, ReferenceAndListParam focus) {
        if (focus == null) {
            return null;
        }
        ReferenceAndListParam documents = new ReferenceAndListParam();
        for (ca.uhn.fhir.rest.param.ReferenceOrListParam or : focus.getValuesAsQueryTokens()) {
            List<ca.uhn.fhir.rest.param.ReferenceParam> refs = or.getValuesAsQueryTokens();
            if (!refs.isEmpty() && refs.stream().allMatch(r -> "Bundle".equals(r.getResourceType()) && r.getChain() == null)) {
                filter.and("(d.recipient_kind = 'kl-gateway' and d.document_id in ("
                        + String.join(", ", refs.stream().map(r -> filter.bind(r.getIdPart())).toList()) + "))");
            } else {
                documents.addAnd(or);
            }
        }
        return documents.getValuesAsQueryTokens().isEmpty() ? null : documents;
    }

    /** FHIR Task.status to the delivery states it shows. */
    private static String states(SqlFilter filter, String valueBind) {
        String value = String.valueOf(filter.params().getValue(valueBind.substring(1)));
        List<String> states = switch (value) {
            case "requested" -> List.of("pending");
            case "in-progress" -> List.of("retrying");
            case "completed" -> List.of("delivered");
            case "failed" -> List.of("failed");
            case "on-hold" -> List.of("no-endpoint");
            case "cancelled" -> List.of("no-consent", "not-wanted", "no-recipient", "superseded");
            default -> List.of();
        };
        return states.isEmpty() ? "null" : String.join(", ", states.stream().map(filter::bind).toList());
    }

    /** {@code POST /Task/{id}/$retry}: the delivery is due again now, with a fresh count of attempts. */
    @Operation(name = "$retry")
    public Task retry(@IdParam IdType id) {
        return transactions.run(() -> {
            Delivery d = deliveries.lock(id.getIdPart()).orElseThrow(() ->
                    new AdapterException(ErrorCode.NOT_FOUND, "there is no Task with id " + id.getIdPart(), null));
            if (!(d.state().due() || d.state() == Delivery.State.FAILED || d.state() == Delivery.State.NO_ENDPOINT)) {
                throw new AdapterException(ErrorCode.DELIVERY_NOT_RETRYABLE, "this delivery is " + d.state().code()
                        + "; only failed, retrying and no-endpoint deliveries can be retried", "Task.businessStatus");
            }
            String endpoint = d.endpoint();
            if (d.state() == Delivery.State.NO_ENDPOINT || endpoint == null) {
                endpoint = senders.of(d).endpoint(d); // the directory or configuration, asked again
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            deliveries.save(new Delivery(d.taskId(), d.documentId(), d.patientId(), d.recipientKind(), d.recipientSystem(), d.recipientValue(),
                    d.recipientName(), d.recipientRef(), endpoint, Delivery.State.PENDING, 0, now, d.lastError(), null, null, d.created(), d.payload()));
            return store.read(Task.class, d.taskId());
        });
    }
}
