package dk.rehab.adapter.plan;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import dk.rehab.adapter.fhir.ResourceUpdates;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.StoredResourceProvider;
import dk.rehab.adapter.validation.ValidatorHolder;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.fhir.search.PatientReferences;
import dk.rehab.adapter.fhir.search.SearchExecutor;
import dk.rehab.adapter.fhir.search.Includes;
import dk.rehab.adapter.fhir.search.SqlFilter;
import dk.rehab.adapter.store.InboundDocuments;
import dk.rehab.adapter.transfer.TransferService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * {@code /ServiceRequest}: the training plans. create (If-None-Exist on identifier), read, vread, history,
 * update (If-Match), search (see README for every parameter), and {@code $original}: the request body the
 * plan arrived in.
 */
@Component
public class ServiceRequestProvider extends StoredResourceProvider<ServiceRequest> {
    private static final Map<String, String> SORTABLE = new LinkedHashMap<>();

    static {
        SORTABLE.put("authored", "p.authored");
        SORTABLE.put("status", "p.status");
        SORTABLE.put("occurrence", "p.offered_start");
        SORTABLE.put("contact-deadline", "p.contact_deadline");
        SORTABLE.put("start-deadline", "p.start_deadline");
        SORTABLE.put("free-choice-date", "p.free_choice_date");
        SORTABLE.put("_lastUpdated", "r.last_updated");
    }

    private final SearchExecutor executor;
    private final ResourceUpdates updates;
    private final PlanService plans;
    private final InboundDocuments documents;
    private final TransferService transfers;

    public ServiceRequestProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, SearchExecutor executor,
                                  ResourceUpdates updates, PlanService plans, InboundDocuments documents, TransferService transfers) {
        super(ServiceRequest.class, creates, reads, validator);
        this.executor = executor;
        this.updates = updates;
        this.plans = plans;
        this.documents = documents;
        this.transfers = transfers;
    }

    @History
    public List<IBaseResource> history(@IdParam IdType id) {
        return reads().history(ServiceRequest.class, id);
    }

    /** Update with optimistic locking: If-Match must name the current version (412 otherwise). */
    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam ServiceRequest plan, RequestDetails request) {
        return updates.update(plan, request, (copy, ifMatch) ->
                plans.update(id.getIdPart(), copy, plans.checkAndResolve(copy, "ServiceRequest", WriteScope.single()), ifMatch));
    }

    /** The body of the request that created the plan, byte for byte (FHIR JSON/XML, later MedCom XML). */
    @Operation(name = "$original", idempotent = true)
    public Binary original(@IdParam IdType id) {
        reads().read(ServiceRequest.class, new IdType("ServiceRequest", id.getIdPart()));
        InboundDocuments.Document document = documents.forResource("ServiceRequest", id.getIdPart()).stream().findFirst()
                .orElseThrow(() -> new AdapterException(ErrorCode.NOT_FOUND, "no request body is kept for this plan", null));
        Binary binary = new Binary();
        binary.setContentType(document.contentType());
        binary.setData(document.body());
        return binary;
    }

    /**
     * {@code POST /ServiceRequest/{id}/$transfer}: the plan goes to a contracted private provider (free choice) or to
     * another municipality (free choice, or the citizen moved); see {@link TransferService}.
     */
    @Operation(name = "$transfer", idempotent = false)
    public Task transfer(@IdParam IdType id,
                         @OperationParam(name = "provider", max = 1) Identifier provider,
                         @OperationParam(name = "municipality", max = 1) Identifier municipality,
                         @OperationParam(name = "reason", max = 1) CodeType reason) {
        return transfers.transfer(id.getIdPart(), new TransferService.Request(provider, municipality,
                reason == null ? null : reason.getValue()));
    }

    @Validate
    public MethodOutcome validate(@ResourceParam ServiceRequest resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenAndListParam id,
            @OptionalParam(name = ServiceRequest.SP_IDENTIFIER) TokenAndListParam identifier,
            @OptionalParam(name = ServiceRequest.SP_PATIENT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                    targetTypes = Patient.class) ReferenceAndListParam patient,
            @OptionalParam(name = ServiceRequest.SP_SUBJECT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                    targetTypes = Patient.class) ReferenceAndListParam subject,
            @OptionalParam(name = ServiceRequest.SP_STATUS) TokenAndListParam status,
            @OptionalParam(name = ServiceRequest.SP_AUTHORED) DateAndListParam authored,
            @OptionalParam(name = ServiceRequest.SP_CATEGORY) TokenAndListParam category,
            @OptionalParam(name = ServiceRequest.SP_REQUESTER, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                    targetTypes = Organization.class) ReferenceAndListParam requester,
            @OptionalParam(name = ServiceRequest.SP_OCCURRENCE) DateAndListParam occurrence,
            @OptionalParam(name = "contact-deadline") DateAndListParam contactDeadline,
            @OptionalParam(name = "start-deadline") DateAndListParam startDeadline,
            @OptionalParam(name = "free-choice-date") DateAndListParam freeChoiceDate,
            @OptionalParam(name = "municipal-responsibility") TokenAndListParam municipal,
            @OptionalParam(name = "contacted") TokenAndListParam contacted,
            @OptionalParam(name = ServiceRequest.SP_PERFORMER, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                    targetTypes = Organization.class) ReferenceAndListParam performer,
            @OptionalParam(name = "course-started") TokenAndListParam courseStarted,
            @IncludeParam(allow = {"ServiceRequest:subject", "ServiceRequest:patient", "ServiceRequest:requester",
                    "ServiceRequest:reason-reference", "*"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"EpisodeOfCare:incoming-referral", "Appointment:based-on", "*"}) Set<Include> revIncludes,
            @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        SqlFilter filter = executor.filter();
        IdentifierSearch.idFilter(filter, id);
        IdentifierSearch.identifierFilter(filter, identifier, "ServiceRequest", "r.res_id");
        PatientReferences.filter(filter, patient, "patient", "p.patient_id");
        PatientReferences.filter(filter, subject, "subject", "p.patient_id");
        PatientReferences.references(filter, requester, "requester", "p.requester_id", "Organization");
        filter.tokens(status, "status", (system, value) -> value == null ? "1 = 0" : "p.status = " + value);
        filter.tokens(category, "category", (system, value) -> "p.res_id in (select c.plan_id from plan_category c where "
                + (value == null ? "1 = 1" : "c.code = " + value) + (system == null ? "" : " and c.cat_system = " + system) + ")");
        filter.tokens(municipal, "municipal-responsibility", (system, value) -> "p.municipal = " + booleanToken(filter, value, "municipal-responsibility"));
        filter.tokens(contacted, "contacted", (system, value) -> ("true".equals(booleanToken(filter, value, "contacted")) ? "" : "not ")
                + "(exists (select 1 from course c where c.plan_id = p.res_id) or "
                + dk.rehab.adapter.contact.Communications.contactedSql("p.res_id") + ")");
        PatientReferences.references(filter, performer, "performer", "p.performer_id", "Organization");
        filter.tokens(courseStarted, "course-started", (system, value) -> ("true".equals(booleanToken(filter, value, "course-started"))
                ? "" : "not ") + "exists (select 1 from course c where c.plan_id = p.res_id and c.status in ('active', 'onhold', 'finished'))");
        filter.instants(authored, "authored", "p.authored");
        filter.dates(occurrence, "occurrence", "p.offered_start");
        filter.dates(contactDeadline, "contact-deadline", "p.contact_deadline");
        filter.dates(startDeadline, "start-deadline", "p.start_deadline");
        filter.dates(freeChoiceDate, "free-choice-date", "p.free_choice_date");
        SearchExecutor.Query<ServiceRequest> query = new SearchExecutor.Query<>(ServiceRequest.class,
                "resource r join plan p on p.res_id = r.res_id", filter,
                SearchExecutor.orderBy(sort, SORTABLE, "p.authored desc"), offset, count);
        return executor.bundle(executor.page(query), INCLUDES.forward(includes), INCLUDES.reverse(revIncludes));
    }

    private static String booleanToken(SqlFilter filter, String valueBind, String name) {
        if (valueBind == null) {
            throw SqlFilter.invalid(name, name + " takes true or false");
        }
        Object value = filter.params().getValue(valueBind.substring(1));
        if (!"true".equals(value) && !"false".equals(value)) {
            throw SqlFilter.invalid(name, name + " takes true or false");
        }
        return "true".equals(value) ? "true" : "false";
    }

    /** What a plan search can bring along: what the plan references, and the courses and sessions made for it. */
    static final Includes<ServiceRequest> INCLUDES = new Includes<ServiceRequest>()
            .include("ServiceRequest:subject", Patient.class, sr -> ids(List.of(sr.getSubject())))
            .include("ServiceRequest:patient", Patient.class, sr -> ids(List.of(sr.getSubject())))
            .include("ServiceRequest:requester", Organization.class, sr -> ids(List.of(sr.getRequester())))
            .include("ServiceRequest:reason-reference", Condition.class, sr -> ids(sr.getReasonReference()))
            .revinclude("EpisodeOfCare:incoming-referral", org.hl7.fhir.r4.model.EpisodeOfCare.class, "select res_id from course where plan_id in (:ids)")
            .revinclude("Appointment:based-on", org.hl7.fhir.r4.model.Appointment.class, "select res_id from session where plan_id in (:ids)");

    private static List<String> ids(List<Reference> references) {
        return references.stream().filter(Reference::hasReference).map(r -> new IdType(r.getReference()).getIdPart()).toList();
    }
}
