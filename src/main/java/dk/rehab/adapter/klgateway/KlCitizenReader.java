package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads what the adapter holds about one citizen's § 140 rehabilitation into a {@link CitizenRecord}: every plan of the
 * citizen (the plan projection) with the diagnoses it names, every course that answers a plan or has legal basis
 * SUL § 140, with its sessions and its FSIII assessments (not entered-in-error), and the Organizations they refer to.
 * The municipality is the managing organisation of the latest course, else the first plan's performer.
 */
@Component
public class KlCitizenReader {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;

    public KlCitizenReader(ResourceStore store, JdbcTemplate jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    public Optional<CitizenRecord> read(String patientId) {
        Optional<Patient> patient = store.current("Patient", patientId).map(s -> store.parse(s, Patient.class));
        if (patient.isEmpty()) {
            return Optional.empty();
        }
        List<ServiceRequest> plans = many("ServiceRequest", ServiceRequest.class,
                jdbc.queryForList("select res_id from plan where patient_id = ? order by authored, res_id", String.class, patientId));
        List<EpisodeOfCare> courses = many("EpisodeOfCare", EpisodeOfCare.class, jdbc.queryForList(
                "select res_id from course where patient_id = ? and (plan_id is not null or legal_basis = 'sul-140') "
                        + "order by period_start, res_id", String.class, patientId));
        if (plans.isEmpty() && courses.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Organization> organizations = new LinkedHashMap<>();
        List<CitizenRecord.Plan> planRecords = new ArrayList<>();
        for (ServiceRequest plan : plans) {
            organization(plan.getRequester()).ifPresent(o -> organizations.putIfAbsent(o.getIdElement().getIdPart(), o));
            List<Condition> diagnoses = new ArrayList<>();
            for (Reference r : plan.getReasonReference()) {
                read(Condition.class, r).ifPresent(diagnoses::add);
            }
            planRecords.add(new CitizenRecord.Plan(plan, diagnoses));
        }
        List<CitizenRecord.Course> courseRecords = new ArrayList<>();
        Organization municipality = null;
        for (EpisodeOfCare course : courses) {
            String courseId = course.getIdElement().getIdPart();
            Optional<Organization> centre = organization(course.getManagingOrganization());
            centre.ifPresent(o -> organizations.putIfAbsent(o.getIdElement().getIdPart(), o));
            if (centre.isPresent()) {
                municipality = centre.get();
            }
            List<Appointment> sessions = many("Appointment", Appointment.class, jdbc.queryForList(
                    "select res_id from session where course_id = ? order by start_at, res_id", String.class, courseId));
            List<Observation> assessments = many("Observation", Observation.class, jdbc.queryForList(
                    "select res_id from functional_status where course_id = ? and status <> 'entered-in-error' order by effective, res_id",
                    String.class, courseId));
            courseRecords.add(new CitizenRecord.Course(course, sessions, assessments));
        }
        if (municipality == null) {
            for (ServiceRequest plan : plans) {
                for (Reference performer : plan.getPerformer()) {
                    Optional<Organization> o = organization(performer);
                    if (o.isPresent() && municipality == null) {
                        municipality = o.get();
                        organizations.putIfAbsent(o.get().getIdElement().getIdPart(), o.get());
                    }
                }
            }
        }
        return Optional.of(new CitizenRecord(patient.get(), municipality, List.copyOf(organizations.values()), planRecords, courseRecords));
    }

    private Optional<Organization> organization(Reference ref) {
        return read(Organization.class, ref);
    }

    private <T extends Resource> Optional<T> read(Class<T> type, Reference ref) {
        if (ref == null || !ref.hasReference()) {
            return Optional.empty();
        }
        IdType id = new IdType(ref.getReference());
        if (!type.getSimpleName().equals(id.getResourceType())) {
            return Optional.empty();
        }
        return store.current(type.getSimpleName(), id.getIdPart()).map(s -> store.parse(s, type));
    }

    private <T extends Resource> List<T> many(String type, Class<T> cls, List<String> ids) {
        Map<String, T> byId = new LinkedHashMap<>();
        for (StoredResource s : store.currentMany(type, ids)) {
            byId.put(s.id(), store.parse(s, cls));
        }
        return ids.stream().map(byId::get).filter(r -> r != null).toList();
    }
}
