package dk.rehab.adapter.functionalstatus;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.ReferenceResolver;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.store.ResourceStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Functional status in Fællessprog III ({@code rehab-functional-status}, an Observation): one assessed FSIII area
 * (code, UUID; a legacy code is accepted and stored as its UUID), its level 0–4 or 9 (valueCodeableConcept), the
 * assessment phase (start / follow-up / end), who assessed (performer, Practitioner) and when (effectiveDateTime),
 * the course (extension {@code course}) and optionally the citizen's own rating (components Udførelse, Betydning)
 * and the expected level (component {@code expected-level}). For a course whose legal basis is {@code sul-140} the
 * area must be one of KL's 17 Conditions140 areas. Runs inside the caller's transaction.
 */
@Service
public class FunctionalStatusService {
    static final Set<String> STATUSES = Set.of("final", "amended", "corrected");
    static final Set<String> PHASES = Set.of("start", "follow-up", "end");

    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final ReferenceResolver references;
    private final Fsiii fsiii;
    private final Courses courses;
    private final FsiiiChanges changes;

    public FunctionalStatusService(ResourceStore store, JdbcTemplate jdbc, ReferenceResolver references, Fsiii fsiii, Courses courses,
                                   FsiiiChanges changes) {
        this.changes = changes;
        this.store = store;
        this.jdbc = jdbc;
        this.references = references;
        this.fsiii = fsiii;
        this.courses = courses;
    }

    /** What the rules found, for the projection. */
    public record Checked(String patientId, String courseId, String area, String level, String phase) {
    }

    public Checked check(Observation obs, String at, Problems problems, WriteScope scope) {
        if (!obs.hasStatus()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a functional status needs a status (final, amended or corrected)", at + ".status");
        } else if (!STATUSES.contains(obs.getStatus().toCode())) {
            problems.add(ErrorCode.INVALID_VALUE, "a functional status is recorded as final, amended or corrected, not "
                    + obs.getStatus().toCode(), at + ".status");
        }
        String area = area(obs, at, problems);
        String level = level(obs.hasValueCodeableConcept() ? obs.getValueCodeableConcept() : null, at + ".value",
                obs.hasValue() && !obs.hasValueCodeableConcept(), problems);
        String phase = phase(obs, at, problems);
        components(obs, at, problems);
        String patientId = references.resolve(obs.getSubject(), "Patient", at + ".subject", problems, scope);
        if (!obs.hasEffectiveDateTimeType()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "when the status was assessed is required (effectiveDateTime)", at + ".effective");
        } else if (obs.getEffectiveDateTimeType().getValue() == null) {
            problems.add(ErrorCode.INVALID_VALUE, "effectiveDateTime is not a date", at + ".effective");
        } else if (obs.getEffectiveDateTimeType().getValue().toInstant().isAfter(Instant.now().plusSeconds(300))) {
            problems.add(ErrorCode.INVALID_VALUE, "an assessment cannot lie in the future", at + ".effective");
        }
        if (!obs.hasPerformer()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "who assessed (performer, a Practitioner) is required", at + ".performer");
        }
        for (int i = 0; i < obs.getPerformer().size(); i++) {
            references.resolve(obs.getPerformer().get(i), "Practitioner", at + ".performer[" + i + "]", problems, scope);
        }
        String courseId = course(obs, at, area, patientId, problems, scope);
        return new Checked(patientId, courseId, area, level, phase);
    }

    private String area(Observation obs, String at, Problems problems) {
        List<Coding> codings = obs.getCode().getCoding();
        int index = -1;
        for (int i = 0; i < codings.size(); i++) {
            if (Canonical.CS_FSIII.equals(codings.get(i).getSystem())) {
                if (index >= 0) {
                    problems.add(ErrorCode.INVALID_VALUE, "a functional status has exactly one FSIII area", at + ".code.coding[" + i + "]");
                    return null;
                }
                index = i;
            }
        }
        if (index < 0) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the FSIII area is required: code.coding with system " + Canonical.CS_FSIII, at + ".code");
            return null;
        }
        Coding coding = codings.get(index);
        String uuid = fsiii.uuid(coding.getCode());
        if (uuid == null || !fsiii.isArea(uuid)) {
            problems.add(ErrorCode.UNKNOWN_CODE, "'" + coding.getCode() + "' is not an FSIII functional area (ValueSet "
                    + Canonical.VS_FSIII_AREAS + ")", at + ".code.coding[" + index + "].code");
            return null;
        }
        coding.setCode(uuid).setDisplay(fsiii.display(uuid));
        return uuid;
    }

    private String level(CodeableConcept value, String where, boolean wrongType, Problems problems) {
        if (wrongType) {
            problems.add(ErrorCode.INVALID_VALUE, "the level is a valueCodeableConcept with an FSIII level", where);
            return null;
        }
        if (value == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the FSIII level (0-4 or 9) is required", where);
            return null;
        }
        List<Coding> codings = value.getCoding();
        for (int i = 0; i < codings.size(); i++) {
            Coding c = codings.get(i);
            if (Canonical.CS_FSIII.equals(c.getSystem())) {
                String uuid = fsiii.uuid(c.getCode());
                if (uuid == null || !fsiii.isLevel(uuid)) {
                    problems.add(ErrorCode.UNKNOWN_CODE, "'" + c.getCode() + "' is not an FSIII level: 0-4 or 9 (ValueSet "
                            + Canonical.VS_FSIII_LEVELS + ")", where + ".coding[" + i + "].code");
                    return null;
                }
                c.setCode(uuid).setDisplay(fsiii.display(uuid));
                return uuid;
            }
        }
        problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the FSIII level needs a coding with system " + Canonical.CS_FSIII, where + ".coding");
        return null;
    }

    private String phase(Observation obs, String at, Problems problems) {
        List<Extension> phases = obs.getExtensionsByUrl(Canonical.EXT_ASSESSMENT_PHASE);
        String where = at + ".extension('" + Canonical.EXT_ASSESSMENT_PHASE + "')";
        if (phases.isEmpty()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the assessment phase (start, follow-up or end) is required", where);
            return null;
        }
        if (phases.size() > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "one assessment phase", where);
            return null;
        }
        if (!(phases.get(0).getValue() instanceof Coding c) || !Canonical.CS_ASSESSMENT_PHASE.equals(c.getSystem())
                || !(c.getCode() != null && PHASES.contains(c.getCode()))) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the assessment phase is a valueCoding of " + Canonical.CS_ASSESSMENT_PHASE
                    + ": start, follow-up or end", where + ".value");
            return null;
        }
        return c.getCode();
    }

    private void components(Observation obs, String at, Problems problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < obs.getComponent().size(); i++) {
            Observation.ObservationComponentComponent component = obs.getComponent().get(i);
            String where = at + ".component[" + i + "]";
            Coding code = component.getCode().getCoding().stream().filter(c -> Canonical.CS_FSIII.equals(c.getSystem())
                    || Canonical.CS_FUNCTIONAL_STATUS_COMPONENT.equals(c.getSystem())).findFirst().orElse(null);
            String kind = code == null ? null : Canonical.CS_FSIII.equals(code.getSystem()) ? fsiii.uuid(code.getCode())
                    : "expected-level".equals(code.getCode()) ? "expected-level" : null;
            if (kind == null || !(kind.equals("expected-level") || kind.equals(Canonical.FSIII_PERFORMANCE) || kind.equals(Canonical.FSIII_IMPORTANCE))) {
                problems.add(ErrorCode.UNKNOWN_CODE, "a component is the citizen's rating (FSIII Udførelse " + Canonical.FSIII_PERFORMANCE
                        + ", Betydning " + Canonical.FSIII_IMPORTANCE + ") or the expected level (" + Canonical.CS_FUNCTIONAL_STATUS_COMPONENT
                        + "#expected-level)", where + ".code");
                continue;
            }
            if (Canonical.CS_FSIII.equals(code.getSystem())) {
                code.setCode(kind).setDisplay(fsiii.display(kind));
            }
            if (!seen.add(kind)) {
                problems.add(ErrorCode.INVALID_VALUE, "each component appears once", where + ".code");
            }
            if (!component.hasValueCodeableConcept()) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a component has a valueCodeableConcept with an FSIII code", where + ".value");
                continue;
            }
            if (kind.equals("expected-level")) {
                level(component.getValueCodeableConcept(), where + ".value", false, problems);
                continue;
            }
            Coding value = component.getValueCodeableConcept().getCoding().stream()
                    .filter(c -> Canonical.CS_FSIII.equals(c.getSystem())).findFirst().orElse(null);
            String uuid = value == null ? null : fsiii.uuid(value.getCode());
            boolean ok = uuid != null && (kind.equals(Canonical.FSIII_PERFORMANCE) ? fsiii.isPerformance(uuid) : fsiii.isImportance(uuid));
            if (!ok) {
                problems.add(ErrorCode.UNKNOWN_CODE, "not a value of FSIII " + fsiii.display(kind), where + ".value");
            } else {
                value.setCode(uuid).setDisplay(fsiii.display(uuid));
            }
        }
    }

    private String course(Observation obs, String at, String area, String patientId, Problems problems, WriteScope scope) {
        List<Extension> links = obs.getExtensionsByUrl(Canonical.EXT_COURSE);
        String where = at + ".extension('" + Canonical.EXT_COURSE + "')";
        if (links.size() != 1 || !(links.get(0).getValue() instanceof Reference ref)) {
            problems.add(links.isEmpty() ? ErrorCode.REQUIRED_ELEMENT_MISSING : ErrorCode.INVALID_VALUE,
                    "a functional status belongs to exactly one course: extension course with valueReference(EpisodeOfCare)", where);
            return null;
        }
        String courseId = references.resolve(ref, "EpisodeOfCare", where + ".value", problems, scope);
        if (courseId == null) {
            return null;
        }
        Optional<EpisodeOfCare> course = courses.read(courseId);
        if (course.isEmpty()) {
            return null;
        }
        String coursePatient = Courses.patientId(course.get());
        if (patientId != null && coursePatient != null && !coursePatient.equals(patientId)) {
            problems.add(ErrorCode.INVALID_REFERENCE, "the course belongs to another citizen than the Observation's subject", where + ".value");
        }
        if (area != null && Canonical.LEGAL_BASIS_SUL_140.equals(Courses.legalBasis(course.get())) && !fsiii.isArea140(area)) {
            int index = obs.getCode().getCoding().indexOf(obs.getCode().getCoding().stream()
                    .filter(c -> Canonical.CS_FSIII.equals(c.getSystem())).findFirst().orElseThrow());
            problems.add(ErrorCode.UNKNOWN_CODE, "a § 140 course (legal basis sul-140) records only the 17 areas of KL's Conditions140 (ValueSet "
                    + Canonical.VS_FSIII_CONDITIONS_140 + "); '" + fsiii.display(area) + "' is not one of them",
                    at + ".code.coding[" + index + "].code");
        }
        return courseId;
    }

    public WriteOutcome<Observation> create(Observation obs, Checked checked) {
        obs.setId((String) null);
        obs.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_FUNCTIONAL_STATUS)));
        Observation stored = store.create(obs);
        String id = stored.getIdElement().getIdPart();
        java.time.OffsetDateTime effective = stored.getEffectiveDateTimeType().getValue().toInstant().atOffset(ZoneOffset.UTC);
        store.lock("EpisodeOfCare", checked.courseId()); // one assessment of a course at a time: its latest per area
        jdbc.update("insert into functional_status (res_id, patient_id, course_id, area_code, level_code, phase, status, effective) "
                        + "values (?,?,?,?,?,?,?,?)", id, checked.patientId(), checked.courseId(), checked.area(), checked.level(),
                checked.phase(), stored.getStatus().toCode(), effective);
        changes.assessed(checked.courseId(), checked.area(), checked.phase(), checked.level(), stored.getStatus().toCode(), effective, id);
        store.indexIdentifiers("Observation", id, stored.getIdentifier());
        return new WriteOutcome<>(stored, true);
    }
}
