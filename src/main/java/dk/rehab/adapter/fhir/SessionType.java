package dk.rehab.adapter.fhir;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Coding;

/**
 * A session's type ({@code rehab-session} Appointment): the code of its {@link Canonical#CS_SESSION_TYPES} coding in
 * {@code appointmentType} (assessment, individual, group, …), or null without one. What the session projection's
 * {@code session.session_type} holds.
 */
public final class SessionType {
    private SessionType() {
    }

    public static String of(Appointment session) {
        return session.getAppointmentType().getCoding().stream().filter(c -> Canonical.CS_SESSION_TYPES.equals(c.getSystem()))
                .map(Coding::getCode).findFirst().orElse(null);
    }
}
