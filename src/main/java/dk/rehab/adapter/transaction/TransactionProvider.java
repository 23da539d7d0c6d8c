package dk.rehab.adapter.transaction;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Inbound;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.fhir.WriteTransactions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Resource;
import dk.rehab.adapter.store.ResourceStore;
import org.springframework.stereotype.Component;

/**
 * {@code POST /fhir} with a {@code transaction} Bundle: a plan together with its Patient, Organizations and
 * Conditions, and also courses, sessions and functional statuses (a centre's bulk path: many citizens' year in one
 * request), all stored or none. Entries are POSTs (with optional ifNoneExist), each created by the same
 * {@link ResourceWriter} path, with the same rules, as a single create; they are processed Organizations,
 * Practitioners and HealthcareServices first, then Patients, Conditions, ServiceRequests, EpisodeOfCares, and last
 * Appointments and Observations, so {@code urn:uuid:} references resolve to what the same Bundle stored. The answer
 * lists every entry in the request's order.
 */
@Component
public class TransactionProvider {
    /**
     * The types a transaction may create, in the order they are stored: what is referred to before what refers to it
     * (a course names its plan, a session and a functional status name their course).
     */
    private static final Map<String, Integer> ORDER = Map.of("Organization", 0, "Practitioner", 0, "HealthcareService", 0, "Patient", 1,
            "Condition", 2, "ServiceRequest", 3, "EpisodeOfCare", 4, "Appointment", 5, "Observation", 5);

    private final WriteTransactions transactions;
    private final ResourceWriter writer;
    private final Inbound inbound;
    private final ResentPlans resent;
    private final ResourceStore store;
    private final int maxEntries;

    public TransactionProvider(WriteTransactions transactions, ResourceWriter writer, Inbound inbound, ResentPlans resent,
                               ResourceStore store, dk.rehab.adapter.limits.LimitsProperties limits) {
        this.maxEntries = limits.maxBundleEntries();
        this.transactions = transactions;
        this.writer = writer;
        this.inbound = inbound;
        this.resent = resent;
        this.store = store;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        checkShape(bundle);
        List<Integer> order = IntStream.range(0, bundle.getEntry().size()).boxed()
                .sorted(Comparator.comparing(i -> ORDER.get(bundle.getEntry().get(i).getResource().fhirType())))
                .toList();
        boolean representation = String.valueOf(request.getHeader("Prefer")).contains("return=representation");
        return transactions.run(() -> {
            Bundle copy = dk.rehab.adapter.fhir.ClientCopies.copy(bundle, "Bundle");
            WriteScope scope = new WriteScope();
            List<WriteOutcome<? extends Resource>> outcomes = new ArrayList<>(copy.getEntry().size());
            copy.getEntry().forEach(e -> outcomes.add(null));
            Map<Integer, String> repeated = resent.repeatedDiagnoses(copy);
            for (int i : order) {
                BundleEntryComponent entry = copy.getEntry().get(i);
                WriteOutcome<? extends Resource> outcome = repeated.containsKey(i)
                        ? new WriteOutcome<>(store.read(Condition.class, repeated.get(i).substring("Condition/".length())), false)
                        : writer.create(entry.getResource(), entry.getRequest().getIfNoneExist(), "Bundle.entry[" + i + "].resource", scope);
                outcomes.set(i, outcome);
                if (entry.hasFullUrl()) {
                    Resource stored = outcome.resource();
                    scope.bind(entry.getFullUrl(), stored.fhirType() + "/" + stored.getIdElement().getIdPart());
                }
            }
            inbound.keep(request, "fhir-transaction", outcomes.stream().filter(WriteOutcome::created).map(WriteOutcome::resource).toList());
            return response(outcomes, representation, request.getFhirServerBase());
        });
    }

    private void checkShape(Bundle bundle) {
        Problems problems = new Problems();
        if (bundle.getType() != BundleType.TRANSACTION) {
            throw new AdapterException(ErrorCode.INVALID_REQUEST, "the base URL takes a Bundle of type transaction"
                    + " (plan messages go to $process-message)", "Bundle.type");
        }
        if (bundle.getEntry().size() > maxEntries) {
            throw new AdapterException(ErrorCode.TOO_MANY_ENTRIES, "the transaction has " + bundle.getEntry().size()
                    + " entries; the adapter takes at most " + maxEntries + " (adapter.limits.max-bundle-entries)", "Bundle.entry");
        }
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            BundleEntryComponent entry = bundle.getEntry().get(i);
            String at = "Bundle.entry[" + i + "]";
            if (!entry.hasResource()) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "every entry needs a resource", at + ".resource");
                continue;
            }
            String type = entry.getResource().fhirType();
            if (!ORDER.containsKey(type)) {
                problems.add(ErrorCode.METHOD_NOT_ALLOWED, "a transaction may hold Organization, Practitioner, HealthcareService, Patient, "
                        + "Condition, ServiceRequest, EpisodeOfCare, Appointment and Observation, not " + type, at + ".resource");
            }
            if (!entry.hasRequest() || entry.getRequest().getMethod() != HTTPVerb.POST) {
                problems.add(ErrorCode.INVALID_REQUEST, "entries are created with request.method POST", at + ".request.method");
            } else if (!type.equals(entry.getRequest().getUrl())) {
                problems.add(ErrorCode.INVALID_REQUEST, "request.url must be the resource type " + type, at + ".request.url");
            }
        }
        if (bundle.getEntry().isEmpty()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the transaction has no entries", "Bundle.entry");
        }
        problems.throwIfAny();
    }

    private static Bundle response(List<WriteOutcome<? extends Resource>> outcomes, boolean representation, String base) {
        Bundle response = new Bundle().setType(BundleType.TRANSACTIONRESPONSE);
        for (WriteOutcome<? extends Resource> outcome : outcomes) {
            Resource stored = outcome.resource();
            BundleEntryComponent entry = response.addEntry();
            entry.getResponse()
                    .setStatus(outcome.created() ? "201 Created" : "200 OK")
                    .setLocation(stored.fhirType() + "/" + stored.getIdElement().getIdPart() + "/_history/" + stored.getMeta().getVersionId())
                    .setEtag("W/\"" + stored.getMeta().getVersionId() + "\"")
                    .setLastModified(stored.getMeta().getLastUpdated());
            if (representation) {
                entry.setFullUrl(base + "/" + stored.fhirType() + "/" + stored.getIdElement().getIdPart());
                entry.setResource(stored);
            }
        }
        return response;
    }
}
