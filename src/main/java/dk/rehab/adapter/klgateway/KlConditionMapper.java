package dk.rehab.adapter.klgateway;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * The FSIII status of one § 140 area (the adapter's {@code rehab-functional-status} Observations of that area in a course)
 * to {@code klgateway-140-condition}, from the latest assessment: code = the area (one of the 17 of ValueSet
 * Conditions140), clinicalStatus = active when the latest level is 1–4 (limitations), resolved when it is 0 (none),
 * verificationStatus confirmed, category problem-list-item, recordedDate = the day of that assessment. An area whose
 * latest level is 9 (not relevant) is no condition: empty. Areas outside Conditions140 are not § 140 areas: empty.
 *
 * <p>KL 2.2.0 forbids {@code Condition.severity} ({@code max = 0}) in this profile, so the level itself (0–4) cannot be
 * carried; it decides the clinical status only. Pure.
 */
public final class KlConditionMapper {
    /** ValueSet Conditions140: the 17 § 140 areas, code → display. */
    static final Map<String, String> AREAS = Map.ofEntries(
            Map.entry("2bd07f7c-e6bb-424b-ab8f-f7c1de2afe80", "Lave mad"),
            Map.entry("b53bca74-fd3f-4127-89ae-1a39d7836b93", "Lave husligt arbejde"),
            Map.entry("bd088375-65fc-4e1d-9a8b-78dc918e6581", "Indkøb"),
            Map.entry("86e1982c-f459-4658-9071-e4bf3453a687", "Forflytte sig"),
            Map.entry("dd41df82-3c13-4523-b9c5-e83676425299", "Mobilitet og bevægelse"),
            Map.entry("243ae4ae-4e36-4192-88cb-399711ac3766", "Personlig pleje"),
            Map.entry("290baa56-5d8c-40a6-b40c-1de05649f0d1", "Spise og drikke"),
            Map.entry("6a2c3341-c13e-4638-961d-72ba0fe29a80", "Sundhedskompetence"),
            Map.entry("064f983b-5ec5-40a3-bc90-c3fcec6b6ef5", "Kommunikation"),
            Map.entry("1d9759c6-6526-4d07-994a-5dee3fa65177", "Energi og handlekraft"),
            Map.entry("56860429-eabe-4d48-b8ad-d7f7b28f6df5", "Hukommelse"),
            Map.entry("b16668ff-9c02-491e-b082-7b699d93f5bc", "Kognitive funktioner"),
            Map.entry("263a2c2f-7ae2-4264-8808-7e8216b1a118", "Sår og cicatriser"),
            Map.entry("26b05040-94f3-4c8c-9ede-c7223bddf518", "Respiration og cirkulation"),
            Map.entry("3c685f14-5d48-4b1c-a451-9da780e2b41c", "Sanser og smerter"),
            Map.entry("bbc99471-a9f3-41f1-a95b-6842abfb551a", "Kontinens"),
            Map.entry("c6f49b84-58af-43df-bb3e-0d6a67fa0aba", "Bevægeapparat"));
    static final String LEVEL_0 = "9c5cfb57-a498-40e5-98a7-792bf5fb205b";
    static final String LEVEL_9 = "d7ff926a-4955-478f-b300-0b0ec0785013";
    static final Set<String> LEVELS_1_TO_4 = Set.of("fcc16cb1-41f0-4832-b834-110fba0aaabe", "d984ad21-48fe-4619-845e-2aa0303048e7",
            "1ceef776-0cfa-4acd-b222-c5bb2424e0c1", "f4c9f159-5806-4c06-95e9-e69b83bab1a1");

    private KlConditionMapper() {
    }

    /** {@code assessments}: the Observations of one area (of one course), in any order. */
    public static Optional<Condition> map(List<Observation> assessments) {
        Optional<Observation> latest = assessments.stream().filter(o -> o.hasEffectiveDateTimeType())
                .max(Comparator.comparing((Observation o) -> o.getEffectiveDateTimeType().getValue()).thenComparing(o -> o.getIdElement().getIdPart()));
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Observation o = latest.get();
        String area = code(o.getCode().getCoding());
        String level = o.hasValueCodeableConcept() ? code(o.getValueCodeableConcept().getCoding()) : null;
        if (area == null || !AREAS.containsKey(area) || level == null || LEVEL_9.equals(level)
                || !(LEVEL_0.equals(level) || LEVELS_1_TO_4.contains(level))) {
            return Optional.empty();
        }
        Condition kl = new Condition();
        kl.setId(o.getIdElement().getIdPart());
        Kl.profile(kl, Kl.CONDITION);
        kl.setClinicalStatus(new org.hl7.fhir.r4.model.CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical",
                LEVEL_0.equals(level) ? "resolved" : "active", null)));
        kl.setVerificationStatus(new org.hl7.fhir.r4.model.CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status",
                "confirmed", null)));
        kl.addCategory(new org.hl7.fhir.r4.model.CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-category",
                "problem-list-item", null)));
        kl.setCode(Kl.concept(Kl.FSIII, area, AREAS.get(area)));
        kl.setSubject(new Reference(o.getSubject().getReference()));
        kl.getRecordedDateElement().setValueAsString(Kl.day(o.getEffectiveDateTimeType().getValue()).getValueAsString());
        return Optional.of(kl);
    }

    private static String code(List<Coding> codings) {
        return codings.stream().filter(c -> Kl.FSIII.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
    }
}
