package dk.rehab.adapter.course;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import dk.rehab.adapter.fhir.ResourceUpdates;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.StoredResourceProvider;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.fhir.search.PatientReferences;
import dk.rehab.adapter.fhir.search.SearchExecutor;
import dk.rehab.adapter.fhir.search.Includes;
import dk.rehab.adapter.fhir.search.SqlFilter;
import dk.rehab.adapter.validation.ValidatorHolder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * {@code /EpisodeOfCare}: the courses. create, read (with the computed session usage and re-assessment mark),
 * vread, history, update (If-Match) with the status life cycle, search (see README), $validate.
 */
@Component
public class CourseProvider extends StoredResourceProvider<EpisodeOfCare> {
    private static final Map<String, String> SORTABLE = new LinkedHashMap<>();

    static {
        SORTABLE.put("date", "c.period_start");
        SORTABLE.put("status", "c.status");
        SORTABLE.put("_lastUpdated", "r.last_updated");
    }

    private final SearchExecutor executor;
    private final ResourceUpdates updates;
    private final CourseService courses;
    private final CourseFinishOperation finish;

    public CourseProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, SearchExecutor executor,
                          ResourceUpdates updates, CourseService courses, CourseFinishOperation finish) {
        super(EpisodeOfCare.class, creates, reads, validator);
        this.executor = executor;
        this.updates = updates;
        this.courses = courses;
        this.finish = finish;
    }

    /** {@code POST /EpisodeOfCare/{id}/$finish}: closes the course in one transaction ({@link CourseFinish}, README). */
    @ca.uhn.fhir.rest.annotation.Operation(name = "$finish", idempotent = false, manualRequest = true)
    public org.hl7.fhir.r4.model.Parameters finish(@IdParam IdType id, RequestDetails request) {
        return finish.run(id.getIdPart(), request);
    }

    @Override
    @Read(version = true)
    public EpisodeOfCare read(@IdParam IdType id) {
        EpisodeOfCare course = super.read(id);
        return id.hasVersionIdPart() ? course : courses.decorate(course);
    }

    @History
    public List<IBaseResource> history(@IdParam IdType id) {
        return reads().history(EpisodeOfCare.class, id);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam EpisodeOfCare course, RequestDetails request) {
        return updates.update(course, request, (copy, ifMatch) ->
                courses.update(id.getIdPart(), copy, courses.checkAndResolve(copy, "EpisodeOfCare", WriteScope.single()), ifMatch));
    }

    @Validate
    public MethodOutcome validate(@ResourceParam EpisodeOfCare resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenAndListParam id,
            @OptionalParam(name = EpisodeOfCare.SP_IDENTIFIER) TokenAndListParam identifier,
            @OptionalParam(name = EpisodeOfCare.SP_PATIENT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                    targetTypes = Patient.class) ReferenceAndListParam patient,
            @OptionalParam(name = EpisodeOfCare.SP_STATUS) TokenAndListParam status,
            @OptionalParam(name = EpisodeOfCare.SP_TYPE) TokenAndListParam type,
            @OptionalParam(name = EpisodeOfCare.SP_DATE) DateAndListParam date,
            @OptionalParam(name = EpisodeOfCare.SP_CARE_MANAGER, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                    targetTypes = Practitioner.class) ReferenceAndListParam careManager,
            @OptionalParam(name = EpisodeOfCare.SP_INCOMING_REFERRAL, targetTypes = ServiceRequest.class) ReferenceAndListParam plan,
            @OptionalParam(name = "legal-basis") TokenAndListParam legalBasis,
            @OptionalParam(name = "package") ca.uhn.fhir.rest.param.UriAndListParam pkg,
            @OptionalParam(name = "reassessment") TokenAndListParam reassessment,
            @OptionalParam(name = "package-used-up") TokenAndListParam usedUp,
            @OptionalParam(name = "resume-after-admission") DateAndListParam resumeAfterAdmission,
            @IncludeParam(allow = {"EpisodeOfCare:patient", "EpisodeOfCare:care-manager", "EpisodeOfCare:incoming-referral", "*"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Appointment:course", "Observation:course", "DocumentReference:course", "*"}) Set<Include> revIncludes,
            @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        SqlFilter filter = executor.filter();
        IdentifierSearch.idFilter(filter, id);
        IdentifierSearch.identifierFilter(filter, identifier, "EpisodeOfCare", "r.res_id");
        PatientReferences.filter(filter, patient, "patient", "c.patient_id");
        PatientReferences.references(filter, careManager, "care-manager", "c.care_manager_id", "Practitioner");
        PatientReferences.references(filter, plan, "incoming-referral", "c.plan_id", "ServiceRequest");
        filter.tokens(status, "status", (system, value) -> value == null ? "1 = 0" : "c.status = " + value);
        filter.tokens(type, "type", (system, value) -> {
            String group = "c.diagnosis_group = " + value + (system == null ? "" : " and " + system + " = '" + Canonical.CS_DIAGNOSIS_GROUPS + "'");
            String level = "c.level_code = " + value + (system == null ? "" : " and " + system + " = '" + Canonical.CS_CARE_SOCIAL + "'");
            return value == null ? "1 = 0" : "(" + group + ") or (" + level + ")";
        });
        filter.tokens(legalBasis, "legal-basis", (system, value) -> value == null ? "1 = 0" : "c.legal_basis = " + value);
        if (pkg != null) {
            for (ca.uhn.fhir.rest.param.UriOrListParam or : pkg.getValuesAsQueryTokens()) {
                List<String> alternatives = new ArrayList<>();
                for (ca.uhn.fhir.rest.param.UriParam uri : or.getValuesAsQueryTokens()) {
                    if (uri.getValue() == null || uri.getValue().isEmpty()) {
                        throw SqlFilter.invalid("package", "the value of package is empty");
                    }
                    String value = filter.bind(uri.getValue());
                    alternatives.add("c.package_url = " + value + " or c.package_url like " + value + " || '|%'");
                }
                filter.and("(" + String.join(" or ", alternatives) + ")");
            }
        }
        filter.tokens(reassessment, "reassessment", (system, value) ->
                Requests.bool(filter, value, "reassessment") ? "c.reassessment is not null" : "c.reassessment is null");
        filter.tokens(usedUp, "package-used-up", (system, value) -> Requests.bool(filter, value, "package-used-up")
                ? "(c.package_sessions is not null and c.sessions_taken >= c.package_sessions + c.extra_sessions)"
                : "(c.package_sessions is null or c.sessions_taken < c.package_sessions + c.extra_sessions)");
        filter.instants(date, "date", "c.period_start");
        // The work list "resume after admission": the contact deadline of a discharge, while no session is booked after it.
        filter.dates(resumeAfterAdmission, "resume-after-admission", "(select max(hs.resume_deadline) from hospital_stay hs "
                + "join hospital_stay_course hc on hc.stay_key = hs.stay_key where hc.course_id = c.res_id and hs.status = 'discharged' "
                + "and c.status <> 'onhold' "
                + "and not exists (select 1 from session s where s.course_id = c.res_id and s.status <> 'cancelled' "
                + "and s.start_at >= hs.discharged_at))");
        SearchExecutor.Query<EpisodeOfCare> query = new SearchExecutor.Query<>(EpisodeOfCare.class,
                "resource r join course c on c.res_id = r.res_id", filter,
                SearchExecutor.orderBy(sort, SORTABLE, "r.last_updated desc"), offset, count);
        SearchExecutor.Page<EpisodeOfCare> page = executor.page(query);
        courses.decorateAll(page.matches());
        return executor.bundle(page, INCLUDES.forward(includes), INCLUDES.reverse(revIncludes));
    }

    /** What a course search can bring along: what the course references, and its sessions, assessments and final status. */
    static final Includes<EpisodeOfCare> INCLUDES = new Includes<EpisodeOfCare>()
            .include("EpisodeOfCare:patient", Patient.class, c -> ids(List.of(c.getPatient())))
            .include("EpisodeOfCare:care-manager", Practitioner.class, c -> ids(List.of(c.getCareManager())))
            .include("EpisodeOfCare:incoming-referral", ServiceRequest.class, c -> ids(c.getReferralRequest()))
            .revinclude("Appointment:course", org.hl7.fhir.r4.model.Appointment.class, "select res_id from session where course_id in (:ids)")
            .revinclude("Observation:course", org.hl7.fhir.r4.model.Observation.class, "select res_id from functional_status where course_id in (:ids)")
            .revinclude("DocumentReference:course", org.hl7.fhir.r4.model.DocumentReference.class, "select res_id from final_status where course_id in (:ids)");

    static List<String> ids(List<Reference> references) {
        return references.stream().filter(Reference::hasReference).map(r -> new IdType(r.getReference()).getIdPart()).toList();
    }
}
