package dk.rehab.adapter.finalstatus;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.functionalstatus.Courses;
import dk.rehab.adapter.functionalstatus.Fsiii;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gathers the facts of a course's final status from what is stored: the course (EpisodeOfCare), its citizen, plan,
 * hospital, therapist and centre, its sessions (Appointments linked by the {@code course} extension) and its FSIII
 * assessments. Start level = the earliest start-phase assessment of an area (else the earliest), end level = the latest
 * end-phase one (else the latest), expected level = the latest assessment that states one. Runs in the caller's
 * transaction, so it sees the course as the transaction that finished it left it.
 */
@Component
public class FinalStatusAssembler {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final Fsiii fsiii;

    public FinalStatusAssembler(ResourceStore store, JdbcTemplate jdbc, Fsiii fsiii) {
        this.store = store;
        this.jdbc = jdbc;
        this.fsiii = fsiii;
    }

    public FinalStatusFacts facts(String documentId, String corrects, EpisodeOfCare course) {
        String courseId = course.getIdElement().getIdPart();
        Patient patient = read(Patient.class, course.getPatient()).orElseThrow(() ->
                new IllegalStateException("course " + courseId + " has no stored patient"));
        String legalBasis = Courses.legalBasis(course);
        String legalBasisDisplay = legalBasis == null ? "ikke angivet" : FinalStatusText.LEGAL_BASES.getOrDefault(legalBasis,
                displayOf(course.getExtensionByUrl(Canonical.EXT_COURSE_LEGAL_BASIS), legalBasis));
        Extension endReason = course.getExtensionByUrl(Canonical.EXT_COURSE_END_REASON);
        ServiceRequest plan = course.getReferralRequest().stream().findFirst().flatMap(r -> read(ServiceRequest.class, r)).orElse(null);
        List<String> planTypes = plan == null ? List.of() : plan.getCategory().stream()
                .map(c -> c.hasText() ? c.getText() : c.getCodingFirstRep().getDisplay()).filter(d -> d != null).toList();
        Organization hospital = plan == null ? null : read(Organization.class, plan.getRequester()).orElse(null);
        Practitioner therapist = read(Practitioner.class, course.getCareManager()).orElse(null);
        Organization centre = read(Organization.class, course.getManagingOrganization()).orElse(null);
        List<Observation> observations = observations(courseId);
        List<String> recommendations = new ArrayList<>();
        observations.stream().filter(o -> "end".equals(phase(o))).forEach(o -> o.getNote().forEach(n -> {
            if (n.hasText()) {
                recommendations.add(fsiii.display(area(o)) + ": " + n.getText());
            }
        }));
        return new FinalStatusFacts(documentId, corrects, Instant.now(), patient, course, legalBasis, legalBasisDisplay,
                endReason == null ? null : displayOf(endReason, null), plan, planTypes, hospital, therapist, centre,
                appointments(courseId), areas(observations), recommendations);
    }

    private List<FinalStatusFacts.AreaLine> areas(List<Observation> observations) {
        Map<String, List<Observation>> byArea = new LinkedHashMap<>();
        for (Observation o : observations) {
            byArea.computeIfAbsent(area(o), a -> new ArrayList<>()).add(o);
        }
        List<FinalStatusFacts.AreaLine> lines = new ArrayList<>();
        byArea.forEach((area, list) -> {
            Observation start = list.stream().filter(o -> "start".equals(phase(o))).findFirst().orElse(list.get(0));
            List<Observation> ends = list.stream().filter(o -> "end".equals(phase(o))).toList();
            Observation end = ends.isEmpty() ? (list.size() > 1 ? list.get(list.size() - 1) : null) : ends.get(ends.size() - 1);
            String expected = null;
            for (Observation o : list) {
                String e = expected(o);
                if (e != null) {
                    expected = e;
                }
            }
            lines.add(new FinalStatusFacts.AreaLine(area, fsiii.display(area), level(start), end == null ? null : level(end), expected, start, end));
        });
        return lines;
    }

    private List<Observation> observations(String courseId) {
        List<String> ids = jdbc.queryForList("select res_id from functional_status where course_id = ? and status <> 'entered-in-error' "
                + "order by effective, res_id", String.class, courseId);
        Map<String, Observation> byId = new LinkedHashMap<>();
        for (StoredResource s : store.currentMany("Observation", ids)) {
            byId.put(s.id(), store.parse(s, Observation.class));
        }
        return ids.stream().map(byId::get).filter(o -> o != null).toList();
    }

    /** The course's sessions: the Appointments of the course in issue 4's {@code session} projection, in time order. */
    private List<Appointment> appointments(String courseId) {
        List<String> ids = jdbc.queryForList("select res_id from session where course_id = ? order by start_at, res_id", String.class, courseId);
        Map<String, Appointment> byId = new LinkedHashMap<>();
        for (StoredResource s : store.currentMany("Appointment", ids)) {
            byId.put(s.id(), store.parse(s, Appointment.class));
        }
        return ids.stream().map(byId::get).filter(a -> a != null).toList();
    }

    private <T extends org.hl7.fhir.r4.model.Resource> Optional<T> read(Class<T> type, Reference ref) {
        if (ref == null || !ref.hasReference()) {
            return Optional.empty();
        }
        IdType id = new IdType(ref.getReference());
        if (!type.getSimpleName().equals(id.getResourceType())) {
            return Optional.empty();
        }
        return store.current(type.getSimpleName(), id.getIdPart()).map(s -> store.parse(s, type));
    }

    static String phase(Observation o) {
        Extension e = o.getExtensionByUrl(Canonical.EXT_ASSESSMENT_PHASE);
        return e != null && e.getValue() instanceof Coding c ? c.getCode() : null;
    }

    static String area(Observation o) {
        return o.getCode().getCoding().stream().filter(c -> Canonical.CS_FSIII.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
    }

    private String level(Observation o) {
        return fsiii.levelNumber(o.getValueCodeableConcept().getCoding().stream().filter(c -> Canonical.CS_FSIII.equals(c.getSystem()))
                .map(Coding::getCode).findFirst().orElse(null));
    }

    private String expected(Observation o) {
        return o.getComponent().stream()
                .filter(c -> c.getCode().getCoding().stream().anyMatch(x -> Canonical.CS_FUNCTIONAL_STATUS_COMPONENT.equals(x.getSystem())
                        && "expected-level".equals(x.getCode())))
                .findFirst().map(c -> fsiii.levelNumber(c.getValueCodeableConcept().getCoding().stream()
                        .filter(x -> Canonical.CS_FSIII.equals(x.getSystem())).map(Coding::getCode).findFirst().orElse(null)))
                .orElse(null);
    }

    private static String displayOf(Extension ext, String fallback) {
        if (ext != null && ext.getValue() instanceof CodeableConcept cc) {
            if (cc.hasText()) {
                return cc.getText();
            }
            for (Coding c : cc.getCoding()) {
                if (c.hasDisplay()) {
                    return c.getDisplay();
                }
            }
            if (cc.hasCoding()) {
                return cc.getCodingFirstRep().getCode();
            }
        }
        return fallback;
    }
}
