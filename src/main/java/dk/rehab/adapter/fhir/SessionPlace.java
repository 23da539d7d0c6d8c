package dk.rehab.adapter.fhir;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;

/**
 * Where a session ({@code rehab-session} Appointment) takes place: the code of its {@link Canonical#EXT_SESSION_PLACE}
 * extension (centre, home, pool, outdoors; a CodeableConcept's first coding), or null without one. The session
 * projection's {@code session.place} holds it (written by the session's write site, backfilled by migration V27), so
 * readers such as the KL Gateway report need not parse the Appointment for it.
 */
public final class SessionPlace {
    private SessionPlace() {
    }

    public static String of(Appointment session) {
        Extension e = session.getExtensionByUrl(Canonical.EXT_SESSION_PLACE);
        if (e == null) {
            return null;
        }
        if (e.getValue() instanceof Coding c) {
            return c.getCode();
        }
        if (e.getValue() instanceof CodeableConcept cc) {
            return cc.getCodingFirstRep().getCode();
        }
        return null;
    }
}
