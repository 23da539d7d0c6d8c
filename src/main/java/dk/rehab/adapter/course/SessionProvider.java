package dk.rehab.adapter.course;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
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
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import dk.rehab.adapter.fhir.ResourceUpdates;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.StoredResourceProvider;
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
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * {@code /Appointment}: the sessions. create (booking, or recording a session after the fact), read, vread, history,
 * update (If-Match) to record attendance, no-show or cancellation, search (see README), $validate.
 */
@Component
public class SessionProvider extends StoredResourceProvider<Appointment> {
    private static final Map<String, String> SORTABLE = new LinkedHashMap<>();

    static {
        SORTABLE.put("date", "s.start_at");
        SORTABLE.put("status", "s.status");
        SORTABLE.put("_lastUpdated", "r.last_updated");
    }

    private final SearchExecutor executor;
    private final ResourceUpdates updates;
    private final SessionService sessions;

    public SessionProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, SearchExecutor executor,
                           ResourceUpdates updates, SessionService sessions) {
        super(Appointment.class, creates, reads, validator);
        this.executor = executor;
        this.updates = updates;
        this.sessions = sessions;
    }

    @History
    public List<IBaseResource> history(@IdParam IdType id) {
        return reads().history(Appointment.class, id);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Appointment session, RequestDetails request) {
        return updates.update(session, request, (copy, ifMatch) -> sessions.update(id.getIdPart(), copy, ifMatch));
    }

    @Validate
    public MethodOutcome validate(@ResourceParam Appointment resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenAndListParam id,
            @OptionalParam(name = Appointment.SP_IDENTIFIER) TokenAndListParam identifier,
            @OptionalParam(name = Appointment.SP_PATIENT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                    targetTypes = Patient.class) ReferenceAndListParam patient,
            @OptionalParam(name = Appointment.SP_STATUS) TokenAndListParam status,
            @OptionalParam(name = Appointment.SP_APPOINTMENT_TYPE) TokenAndListParam type,
            @OptionalParam(name = Appointment.SP_DATE) DateAndListParam date,
            @OptionalParam(name = Appointment.SP_PRACTITIONER, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                    targetTypes = Practitioner.class) ReferenceAndListParam practitioner,
            @OptionalParam(name = Appointment.SP_ACTOR, targetTypes = {Patient.class, Practitioner.class, HealthcareService.class})
                    ReferenceAndListParam actor,
            @OptionalParam(name = Appointment.SP_BASED_ON, targetTypes = ServiceRequest.class) ReferenceAndListParam plan,
            @OptionalParam(name = "course", targetTypes = EpisodeOfCare.class) ReferenceAndListParam course,
            @OptionalParam(name = "team", targetTypes = HealthcareService.class) ReferenceAndListParam team,
            @IncludeParam(allow = {"Appointment:patient", "Appointment:practitioner", "Appointment:actor", "Appointment:based-on",
                    "Appointment:course", "*"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"*"}) Set<Include> revIncludes,
            @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        SqlFilter filter = executor.filter();
        IdentifierSearch.idFilter(filter, id);
        IdentifierSearch.identifierFilter(filter, identifier, "Appointment", "r.res_id");
        PatientReferences.filter(filter, patient, "patient", "s.patient_id");
        PatientReferences.references(filter, plan, "based-on", "s.plan_id", "ServiceRequest");
        PatientReferences.references(filter, course, "course", "s.course_id", "EpisodeOfCare");
        PatientReferences.references(filter, team, "team", "s.team_id", "HealthcareService");
        practitioners(filter, practitioner);
        actors(filter, actor);
        filter.tokens(status, "status", (system, value) -> value == null ? "1 = 0" : "s.status = " + value);
        filter.tokens(type, "appointment-type", (system, value) -> value == null ? "1 = 0" : "s.session_type = " + value
                + (system == null ? "" : " and " + system + " = '" + Canonical.CS_SESSION_TYPES + "'"));
        filter.instants(date, "date", "s.start_at");
        SearchExecutor.Query<Appointment> query = new SearchExecutor.Query<>(Appointment.class,
                "resource r join session s on s.res_id = r.res_id", filter,
                SearchExecutor.orderBy(sort, SORTABLE, "s.start_at"), offset, count);
        return executor.bundle(executor.page(query), INCLUDES.forward(includes), INCLUDES.reverse(revIncludes));
    }

    /** {@code practitioner}: Practitioner/x, x, or practitioner.identifier=system|value. */
    private static void practitioners(SqlFilter filter, ReferenceAndListParam param) {
        if (param == null) {
            return;
        }
        for (ReferenceOrListParam or : param.getValuesAsQueryTokens()) {
            List<String> alternatives = new ArrayList<>();
            for (ReferenceParam ref : or.getValuesAsQueryTokens()) {
                String subject;
                if ("identifier".equals(ref.getChain())) {
                    String token = ref.getValue() == null ? "" : ref.getValue();
                    int bar = token.indexOf('|');
                    String value = bar < 0 ? token : token.substring(bar + 1);
                    if (value.isEmpty()) {
                        throw SqlFilter.invalid("practitioner", "practitioner.identifier needs a value");
                    }
                    subject = "in (select i.res_id from resource_identifier i where i.res_type = 'Practitioner' and i.id_value = "
                            + filter.bind(value) + (bar > 0 ? " and i.id_system = " + filter.bind(token.substring(0, bar)) : "") + ")";
                } else if (ref.getChain() == null || ref.getChain().isEmpty()) {
                    if (ref.getIdPart() == null || ref.getIdPart().isEmpty()
                            || ref.getResourceType() != null && !"Practitioner".equals(ref.getResourceType())) {
                        throw SqlFilter.invalid("practitioner", "practitioner takes Practitioner/[id] or practitioner.identifier=[system]|[value]");
                    }
                    subject = "= " + filter.bind(ref.getIdPart());
                } else {
                    throw SqlFilter.invalid("practitioner", "practitioner can be chained only with .identifier");
                }
                alternatives.add("s.res_id in (select a.session_id from session_actor a where a.actor_type = 'Practitioner' and a.actor_id "
                        + subject + ")");
            }
            filter.and("(" + String.join(" or ", alternatives) + ")");
        }
    }

    /** {@code actor}: Patient/x, Practitioner/x or HealthcareService/x (the type is required). */
    private static void actors(SqlFilter filter, ReferenceAndListParam param) {
        if (param == null) {
            return;
        }
        for (ReferenceOrListParam or : param.getValuesAsQueryTokens()) {
            List<String> alternatives = new ArrayList<>();
            for (ReferenceParam ref : or.getValuesAsQueryTokens()) {
                String type = ref.getResourceType();
                if (type == null || !Set.of("Patient", "Practitioner", "HealthcareService").contains(type) || ref.getIdPart() == null
                        || (ref.getChain() != null && !ref.getChain().isEmpty())) {
                    throw SqlFilter.invalid("actor", "actor takes Patient/[id], Practitioner/[id] or HealthcareService/[id]");
                }
                alternatives.add("s.res_id in (select a.session_id from session_actor a where a.actor_type = '" + type
                        + "' and a.actor_id = " + filter.bind(ref.getIdPart()) + ")");
            }
            filter.and("(" + String.join(" or ", alternatives) + ")");
        }
    }

    /** What a session search can bring along: what the session references (nothing references a session). */
    static final Includes<Appointment> INCLUDES = new Includes<Appointment>()
            .include("Appointment:patient", Patient.class, a -> actorIds(a, "Patient"))
            .include("Appointment:practitioner", Practitioner.class, a -> actorIds(a, "Practitioner"))
            .include("Appointment:actor", Patient.class, a -> actorIds(a, "Patient"))
            .include("Appointment:actor", Practitioner.class, a -> actorIds(a, "Practitioner"))
            .include("Appointment:actor", HealthcareService.class, a -> actorIds(a, "HealthcareService"))
            .include("Appointment:based-on", ServiceRequest.class, a -> CourseProvider.ids(a.getBasedOn()))
            .include("Appointment:course", EpisodeOfCare.class, a -> {
                Extension ext = a.getExtensionByUrl(Canonical.EXT_COURSE);
                return ext != null && ext.getValue() instanceof Reference ref ? CourseProvider.ids(List.of(ref)) : List.of();
            });

    private static List<String> actorIds(Appointment a, String type) {
        return a.getParticipant().stream().map(p -> p.getActor()).filter(r -> r.hasReference() && r.getReference().startsWith(type + "/"))
                .map(r -> new IdType(r.getReference()).getIdPart()).toList();
    }
}
