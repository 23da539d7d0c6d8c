package dk.rehab.adapter.contact;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ClientCopies;
import dk.rehab.adapter.fhir.ConditionalCreate;
import dk.rehab.adapter.fhir.Inbound;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteTransactions;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.fhir.search.PatientReferences;
import dk.rehab.adapter.fhir.search.SearchExecutor;
import dk.rehab.adapter.fhir.search.SqlFilter;
import dk.rehab.adapter.store.ResourceStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * {@code /Communication} ({@code rehab-communication}): create a recorded contact with the citizen (with If-None-Exist
 * on identifier), read, vread, and search by {@code _id}, {@code identifier}, {@code patient}/{@code subject} (also by
 * CPR), {@code based-on} (the plan), {@code category} (contact, contact-letter, reminder), {@code medium}, {@code sent}
 * and {@code about} (the session); {@code _sort} {@code sent} (default {@code -sent}), {@code _lastUpdated}. Contact
 * letters and reminders are written by the adapter ({@code $send-contact-letter}, the reminder planner).
 */
@Component
public class CommunicationProvider implements IResourceProvider {
    private static final Map<String, String> SORTABLE = Map.of("sent", "m.sent", "_lastUpdated", "r.last_updated");

    private final WriteTransactions transactions;
    private final ContactService contacts;
    private final ConditionalCreate conditional;
    private final Inbound inbound;
    private final ResourceReads reads;
    private final ResourceStore store;
    private final SearchExecutor executor;

    public CommunicationProvider(WriteTransactions transactions, ContactService contacts, ConditionalCreate conditional, Inbound inbound,
                                 ResourceReads reads, ResourceStore store, SearchExecutor executor) {
        this.transactions = transactions;
        this.contacts = contacts;
        this.conditional = conditional;
        this.inbound = inbound;
        this.reads = reads;
        this.store = store;
        this.executor = executor;
    }

    @Override
    public Class<Communication> getResourceType() {
        return Communication.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Communication resource, @ConditionalUrlParam String ifNoneExist, RequestDetails request) {
        Communication copy = (Communication) ClientCopies.copy(resource, "Communication");
        WriteOutcome<Communication> outcome = transactions.run(() -> {
            Optional<String> match = conditional.match("Communication", ifNoneExist, "Communication");
            if (match.isPresent()) {
                return new WriteOutcome<>(store.read(Communication.class, match.get()), false);
            }
            WriteOutcome<Communication> result = contacts.record(copy.copy());
            inbound.keep(request, "fhir-rest", List.of(result.resource()));
            return result;
        });
        MethodOutcome answer = new MethodOutcome(outcome.resource().getIdElement());
        answer.setCreated(outcome.created());
        answer.setResource(outcome.resource());
        return answer;
    }

    @Read(version = true)
    public Communication read(@IdParam IdType id) {
        return reads.read(Communication.class, id);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam id,
                                  @OptionalParam(name = Communication.SP_IDENTIFIER) TokenAndListParam identifier,
                                  @OptionalParam(name = Communication.SP_PATIENT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam patient,
                                  @OptionalParam(name = Communication.SP_SUBJECT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam subject,
                                  @OptionalParam(name = Communication.SP_BASED_ON, targetTypes = ServiceRequest.class) ReferenceAndListParam basedOn,
                                  @OptionalParam(name = "about", targetTypes = Appointment.class) ReferenceAndListParam about,
                                  @OptionalParam(name = Communication.SP_CATEGORY) TokenAndListParam category,
                                  @OptionalParam(name = Communication.SP_MEDIUM) TokenAndListParam medium,
                                  @OptionalParam(name = Communication.SP_SENT) DateAndListParam sent,
                                  @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        SqlFilter filter = executor.filter();
        IdentifierSearch.idFilter(filter, id);
        IdentifierSearch.identifierFilter(filter, identifier, "Communication", "r.res_id");
        PatientReferences.filter(filter, patient, "patient", "m.patient_id");
        PatientReferences.filter(filter, subject, "subject", "m.patient_id");
        PatientReferences.references(filter, basedOn, "based-on", "m.plan_id", "ServiceRequest");
        PatientReferences.references(filter, about, "about", "m.session_id", "Appointment");
        filter.tokens(category, "category", (system, value) -> (value == null ? "1 = 1" : "m.category = " + value)
                + (system == null ? "" : " and " + system + " = '" + Canonical.CS_COMMUNICATION_CATEGORIES + "'"));
        filter.tokens(medium, "medium", (system, value) -> (value == null ? "1 = 1" : "m.medium = " + value)
                + (system == null ? "" : " and " + system + " = '" + Canonical.CS_CONTACT_MEDIA + "'"));
        filter.instants(sent, "sent", "m.sent");
        SearchExecutor.Query<Communication> query = new SearchExecutor.Query<>(Communication.class,
                "resource r join communication m on m.res_id = r.res_id", filter,
                SearchExecutor.orderBy(sort, SORTABLE, "m.sent desc"), offset, count);
        return executor.bundle(executor.page(query), List.of());
    }
}
