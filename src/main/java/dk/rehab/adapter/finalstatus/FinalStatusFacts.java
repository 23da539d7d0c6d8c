package dk.rehab.adapter.finalstatus;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Everything a final status says, gathered once ({@link FinalStatusAssembler}) and rendered twice: as a PDF
 * ({@link FinalStatusPdf}) and as a FHIR document ({@link FinalStatusDocument}), so the two cannot disagree.
 *
 * @param documentId the DocumentReference's id (also names the document Bundle)
 * @param corrects the id of the final status this one corrects, or null
 * @param plan the plan the course answers, or null (direct referral)
 * @param planTypes displays of the plan's categories (almen/specialiseret/…, basal/avanceret)
 * @param hospital the hospital department that sent the plan, or null
 * @param therapist the responsible therapist (EpisodeOfCare.careManager), or null
 * @param centre the municipality / rehabilitation centre (managingOrganization), or null
 * @param appointments the course's sessions
 * @param areas one line per assessed FSIII area, in the order of the start assessment
 * @param recommendations the therapist's recommendations (notes on the end assessments)
 */
public record FinalStatusFacts(String documentId, String corrects, java.time.Instant created, Patient patient, EpisodeOfCare course,
                               String legalBasisCode, String legalBasisDisplay, String endReason, ServiceRequest plan,
                               List<String> planTypes, Organization hospital, Practitioner therapist, Organization centre,
                               List<Appointment> appointments, List<AreaLine> areas, List<String> recommendations) {

    /** One assessed area: the level at start and end, the expected level, and the Observations they come from. */
    public record AreaLine(String areaCode, String areaDisplay, String startLevel, String endLevel, String expectedLevel,
                           Observation start, Observation end) {
        /** Reached: the end level is at or below (better than) the expected one; null when it cannot be said. */
        public Boolean reached() {
            if (endLevel == null || expectedLevel == null || "9".equals(endLevel) || "9".equals(expectedLevel)) {
                return null;
            }
            return Integer.parseInt(endLevel) <= Integer.parseInt(expectedLevel);
        }
    }

    public long count(Appointment.AppointmentStatus status) {
        return appointments.stream().filter(a -> a.getStatus() == status).count();
    }

    public LocalDate start() {
        return course.getPeriod().hasStart() ? LocalDate.ofInstant(course.getPeriod().getStart().toInstant(), Dates.ZONE) : null;
    }

    public LocalDate end() {
        return course.getPeriod().hasEnd() ? LocalDate.ofInstant(course.getPeriod().getEnd().toInstant(), Dates.ZONE) : null;
    }
}
