package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.fhir.SessionPlace;
import dk.rehab.adapter.fhir.SessionType;
import java.util.Date;
import org.hl7.fhir.r4.model.Appointment;

/**
 * A session ({@code rehab-session} Appointment) as the KL report needs it: what the session projection ({@code session}
 * row) holds, so {@link KlCitizenReader} reads it without parsing the Appointment. {@link #of} says what each field is
 * of the Appointment (the projection's write site, {@code SessionService}, writes the same).
 *
 * @param patientId the citizen (the Patient participant), null when there is none
 * @param type the session type ({@code session-types}: assessment, individual, group, …)
 * @param place where it took place ({@link SessionPlace}: centre, home, pool, outdoors), null when not said
 */
public record KlSession(String id, String patientId, String type, Appointment.AppointmentStatus status, Date start, Date end, String place) {

    public boolean isAssessment() {
        return "assessment".equals(type);
    }

    public boolean held() {
        return status == Appointment.AppointmentStatus.FULFILLED;
    }

    /** The session of a parsed Appointment: what its projection row holds. */
    public static KlSession of(Appointment a) {
        String patient = a.getParticipant().stream().map(Appointment.AppointmentParticipantComponent::getActor)
                .filter(r -> r.hasReference() && r.getReference().startsWith("Patient/")).map(r -> r.getReference().substring("Patient/".length()))
                .findFirst().orElse(null);
        return new KlSession(a.getIdElement().getIdPart(), patient, SessionType.of(a), a.getStatus(), a.getStart(), a.getEnd(), SessionPlace.of(a));
    }
}
