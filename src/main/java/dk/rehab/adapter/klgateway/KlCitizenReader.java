package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.store.IdArray;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads what the adapter holds about citizens' § 140 rehabilitation into {@link CitizenRecord}s: every plan of the
 * citizen (the plan projection) with the diagnoses it names, every course that answers a plan or has legal basis
 * SUL § 140, with its sessions and its FSIII assessments (not entered-in-error), and the Organizations they refer to.
 * The municipality is the managing organisation of the latest course, else the first plan's performer.
 *
 * <p>The sessions (half the resources of a citizen) are read from their projection rows ({@link KlSession}), not
 * parsed; of the FSIII assessments only the latest of each area and course is parsed (the one the report takes).
 *
 * <p>{@link #readMany} reads a batch of citizens with a fixed number of queries (one per kind of resource, not one per
 * plan, course or session), and keeps the few Organizations (hospitals, the centre) it has parsed for the next batch:
 * a report of a municipality-year is thousands of citizens.
 */
@Component
public class KlCitizenReader {
    private final ResourceStore store;
    private final NamedParameterJdbcTemplate jdbc;

    public KlCitizenReader(ResourceStore store, JdbcTemplate jdbc) {
        this.store = store;
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
    }

    /**
     * The records of {@code patientIds} (in that order; citizens without a Patient, or with neither a plan nor a § 140
     * course, are left out). {@code organizations} caches parsed Organizations by id across calls.
     */
    public List<CitizenRecord> readMany(List<String> patientIds, Map<String, Organization> organizations) {
        if (patientIds.isEmpty()) {
            return List.of();
        }
        Map<String, Patient> patients = parsed("Patient", Patient.class, patientIds);
        Map<String, List<String>> planIds = idsBy("select patient_id, res_id from plan where patient_id = any(:ids) "
                + "order by patient_id, authored, res_id", patientIds);
        Map<String, List<String>> courseIds = idsBy("select patient_id, res_id from course where patient_id = any(:ids) "
                + "and (plan_id is not null or legal_basis = 'sul-140') order by patient_id, period_start, res_id", patientIds);
        Map<String, ServiceRequest> plans = parsed("ServiceRequest", ServiceRequest.class, flat(planIds));
        Map<String, EpisodeOfCare> courses = parsed("EpisodeOfCare", EpisodeOfCare.class, flat(courseIds));
        List<String> courseList = flat(courseIds);
        Map<String, List<KlSession>> sessions = sessions(courseList);
        Map<String, List<String>> assessmentIds = latestAssessments(courseList);
        Map<String, Observation> assessments = parsed("Observation", Observation.class, flat(assessmentIds));
        Set<String> conditionIds = new LinkedHashSet<>();
        Set<String> organizationIds = new LinkedHashSet<>();
        for (ServiceRequest plan : plans.values()) {
            plan.getReasonReference().forEach(r -> addId(conditionIds, r, "Condition"));
            addId(organizationIds, plan.getRequester(), "Organization");
            plan.getPerformer().forEach(r -> addId(organizationIds, r, "Organization"));
        }
        courses.values().forEach(c -> addId(organizationIds, c.getManagingOrganization(), "Organization"));
        Map<String, Condition> conditions = parsed("Condition", Condition.class, List.copyOf(conditionIds));
        organizationIds.removeAll(organizations.keySet());
        organizations.putAll(parsed("Organization", Organization.class, List.copyOf(organizationIds)));
        List<CitizenRecord> records = new ArrayList<>();
        for (String patientId : patientIds) {
            Patient patient = patients.get(patientId);
            List<ServiceRequest> citizenPlans = pick(plans, planIds.get(patientId));
            List<EpisodeOfCare> citizenCourses = pick(courses, courseIds.get(patientId));
            if (patient == null || (citizenPlans.isEmpty() && citizenCourses.isEmpty())) {
                continue;
            }
            records.add(record(patient, citizenPlans, citizenCourses, sessions, assessmentIds, assessments, conditions, organizations));
        }
        return records;
    }

    private static CitizenRecord record(Patient patient, List<ServiceRequest> plans, List<EpisodeOfCare> courses,
                                        Map<String, List<KlSession>> sessions,
                                        Map<String, List<String>> assessmentIds, Map<String, Observation> assessments,
                                        Map<String, Condition> conditions, Map<String, Organization> known) {
        Map<String, Organization> organizations = new LinkedHashMap<>();
        List<CitizenRecord.Plan> planRecords = new ArrayList<>();
        for (ServiceRequest plan : plans) {
            find(known, plan.getRequester(), "Organization").ifPresent(o -> organizations.putIfAbsent(o.getIdElement().getIdPart(), o));
            List<Condition> diagnoses = new ArrayList<>();
            for (Reference r : plan.getReasonReference()) {
                find(conditions, r, "Condition").ifPresent(diagnoses::add);
            }
            planRecords.add(new CitizenRecord.Plan(plan, diagnoses));
        }
        List<CitizenRecord.Course> courseRecords = new ArrayList<>();
        Organization municipality = null;
        for (EpisodeOfCare course : courses) {
            String courseId = course.getIdElement().getIdPart();
            Optional<Organization> centre = find(known, course.getManagingOrganization(), "Organization");
            centre.ifPresent(o -> organizations.putIfAbsent(o.getIdElement().getIdPart(), o));
            if (centre.isPresent()) {
                municipality = centre.get();
            }
            courseRecords.add(new CitizenRecord.Course(course, sessions.getOrDefault(courseId, List.of()), pick(assessments, assessmentIds.get(courseId))));
        }
        if (municipality == null) {
            for (ServiceRequest plan : plans) {
                for (Reference performer : plan.getPerformer()) {
                    Optional<Organization> o = find(known, performer, "Organization");
                    if (o.isPresent() && municipality == null) {
                        municipality = o.get();
                        organizations.putIfAbsent(o.get().getIdElement().getIdPart(), o.get());
                    }
                }
            }
        }
        return new CitizenRecord(patient, municipality, List.copyOf(organizations.values()), planRecords, courseRecords);
    }

    /** The id of {@code ref} when it is a literal reference to a {@code type}; else null. */
    private static String idOf(Reference ref, String type) {
        if (ref == null || !ref.hasReference()) {
            return null;
        }
        IdType id = new IdType(ref.getReference());
        return type.equals(id.getResourceType()) ? id.getIdPart() : null;
    }

    private static void addId(Set<String> ids, Reference ref, String type) {
        String id = idOf(ref, type);
        if (id != null) {
            ids.add(id);
        }
    }

    private static <T> Optional<T> find(Map<String, T> byId, Reference ref, String type) {
        String id = idOf(ref, type);
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    private static <T> List<T> pick(Map<String, T> byId, List<String> ids) {
        return ids == null ? List.of() : ids.stream().map(byId::get).filter(r -> r != null).toList();
    }

    private static List<String> flat(Map<String, List<String>> ids) {
        List<String> all = new ArrayList<>();
        ids.values().forEach(all::addAll);
        return all;
    }

    /** The sessions of {@code courseIds} from their projection rows (no Appointment is parsed), by course, in start order. */
    private Map<String, List<KlSession>> sessions(List<String> courseIds) {
        Map<String, List<KlSession>> byCourse = new HashMap<>();
        for (List<String> chunk : chunks(courseIds)) {
            jdbc.query("select course_id, res_id, patient_id, session_type, status, start_at, end_at, place from session "
                    + "where course_id = any(:ids) order by course_id, start_at, res_id", Map.of("ids", IdArray.of(chunk)), (RowCallbackHandler) rs ->
                    byCourse.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new KlSession(rs.getString(2), rs.getString(3),
                            rs.getString(4), Appointment.AppointmentStatus.fromCode(rs.getString(5)), date(rs, 6), date(rs, 7), rs.getString(8))));
        }
        return byCourse;
    }

    /**
     * The FSIII assessments (not entered-in-error) of {@code courseIds} that a report needs, from their projection rows:
     * per course the latest of each area (latest effective, then the greatest id, as {@link KlConditionMapper} picks it),
     * in the order the areas were first assessed (the order {@link KlDeliveryReportAssembler} reports the areas in).
     * Only these are parsed.
     */
    private Map<String, List<String>> latestAssessments(List<String> courseIds) {
        record Row(String id, Instant effective) {
        }
        Map<String, Map<String, Row>> byCourse = new HashMap<>();
        for (List<String> chunk : chunks(courseIds)) {
            jdbc.query("select course_id, res_id, area_code, effective from functional_status where course_id = any(:ids) "
                    + "and status <> 'entered-in-error' order by course_id, effective, res_id", Map.of("ids", IdArray.of(chunk)), (RowCallbackHandler) rs -> {
                        Row row = new Row(rs.getString(2), rs.getObject(4, OffsetDateTime.class).toInstant());
                        byCourse.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).merge(rs.getString(3), row, (a, b) ->
                                b.effective().isAfter(a.effective()) || b.effective().equals(a.effective()) && b.id().compareTo(a.id()) > 0 ? b : a);
                    });
        }
        Map<String, List<String>> ids = new HashMap<>();
        byCourse.forEach((course, latest) -> ids.put(course, latest.values().stream().map(Row::id).toList()));
        return ids;
    }

    private static Date date(ResultSet rs, int column) throws SQLException {
        return Date.from(rs.getObject(column, OffsetDateTime.class).toInstant());
    }

    /** {@code sql} selects (key, id) for the keys {@code :ids}: the ids of each key, in the query's order. */
    private Map<String, List<String>> idsBy(String sql, List<String> keys) {
        Map<String, List<String>> ids = new HashMap<>();
        if (keys.isEmpty()) {
            return ids;
        }
        for (List<String> chunk : chunks(keys)) {
            jdbc.query(sql, Map.of("ids", IdArray.of(chunk)), (RowCallbackHandler) rs -> ids.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)));
        }
        return ids;
    }

    /** The current versions of {@code ids}, parsed, by id (ids that do not exist are absent). */
    private <T extends Resource> Map<String, T> parsed(String type, Class<T> cls, List<String> ids) {
        Map<String, T> byId = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            for (StoredResource s : store.currentMany(type, chunk)) {
                byId.put(s.id(), store.parse(s, cls));
            }
        }
        return byId;
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
        }
        return chunks;
    }

    /** The most ids in one array parameter (bounds the work of one statement). */
    private static final int CHUNK = 1000;
}
