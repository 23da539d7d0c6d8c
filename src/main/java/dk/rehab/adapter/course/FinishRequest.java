package dk.rehab.adapter.course;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;

/**
 * The Parameters of {@code EpisodeOfCare/{id}/$finish}, read and checked:
 * <ul>
 *   <li>{@code endReason} 1..1: valueCoding or valueCodeableConcept, a KL course-end reason (value set
 *       {@code rehab-course-end-reasons});</li>
 *   <li>{@code end} 0..1: valueDateTime or valueDate, the course's period.end (default: now);</li>
 *   <li>{@code functionalStatus} 0..*: resource, an end-phase FSIII Observation of the course, recorded with the finish;</li>
 *   <li>{@code finalAssessment} 0..*: valueReference to an end-phase FSIII Observation of the course recorded before.</li>
 * </ul>
 * A missing or repeated required parameter, an unknown one, or one of the wrong type: 400 {@code invalid-parameters}.
 */
public record FinishRequest(Coding endReason, Date end, List<Observation> functionalStatus, List<Reference> finalAssessments) {
    static final Set<String> NAMES = Set.of("endReason", "end", "functionalStatus", "finalAssessment");

    public static FinishRequest parse(Parameters parameters, Problems problems) {
        Coding reason = null;
        Date end = null;
        List<Observation> observations = new ArrayList<>();
        List<Reference> assessments = new ArrayList<>();
        int reasons = 0;
        int ends = 0;
        List<ParametersParameterComponent> list = parameters.getParameter();
        for (int i = 0; i < list.size(); i++) {
            ParametersParameterComponent p = list.get(i);
            String at = "Parameters.parameter[" + i + "]";
            String name = p.getName();
            if (name == null || !NAMES.contains(name)) {
                problems.add(ErrorCode.INVALID_PARAMETERS, "$finish takes endReason, end, functionalStatus and finalAssessment, not '"
                        + name + "'", at + ".name");
                continue;
            }
            switch (name) {
                case "endReason" -> {
                    reasons++;
                    if (p.getValue() instanceof Coding c) {
                        reason = c;
                    } else if (p.getValue() instanceof CodeableConcept cc) {
                        reason = cc.getCoding().stream().filter(c -> Canonical.CS_CARE_SOCIAL.equals(c.getSystem())).findFirst()
                                .orElse(cc.getCodingFirstRep());
                    } else {
                        problems.add(ErrorCode.INVALID_PARAMETERS, "endReason is a valueCoding or valueCodeableConcept", at + ".value");
                    }
                }
                case "end" -> {
                    ends++;
                    if (p.getValue() instanceof DateTimeType dt && dt.getValue() != null) {
                        end = dt.getValue();
                    } else if (p.getValue() instanceof DateType d && d.getValue() != null) {
                        end = d.getValue();
                    } else {
                        problems.add(ErrorCode.INVALID_PARAMETERS, "end is a valueDateTime or valueDate", at + ".value");
                    }
                }
                case "functionalStatus" -> {
                    if (p.getResource() instanceof Observation o) {
                        observations.add(o);
                    } else {
                        problems.add(ErrorCode.INVALID_PARAMETERS, "functionalStatus is a resource: an FSIII Observation (phase end)", at + ".resource");
                    }
                }
                default -> {
                    if (p.getValue() instanceof Reference r && r.hasReference()) {
                        assessments.add(r);
                    } else {
                        problems.add(ErrorCode.INVALID_PARAMETERS, "finalAssessment is a valueReference to an Observation", at + ".value");
                    }
                }
            }
        }
        if (reasons == 0) {
            problems.add(ErrorCode.INVALID_PARAMETERS, "endReason is required: why the course ends (KL's course-end reasons, value set "
                    + Canonical.VS_COURSE_END_REASONS + ")", "Parameters.parameter");
        } else if (reasons > 1) {
            problems.add(ErrorCode.INVALID_PARAMETERS, "a course has one end reason", "Parameters.parameter");
        } else if (reason != null && !(Canonical.CS_CARE_SOCIAL.equals(reason.getSystem()) && reason.getCode() != null
                && CourseCodes.END_REASONS.contains(reason.getCode()))) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the end reason must be a code of " + Canonical.CS_CARE_SOCIAL + " from value set "
                    + Canonical.VS_COURSE_END_REASONS, "Parameters.parameter.where(name = 'endReason').value");
        }
        if (ends > 1) {
            problems.add(ErrorCode.INVALID_PARAMETERS, "a course has one end", "Parameters.parameter");
        }
        return new FinishRequest(reason, end, observations, assessments);
    }
}
