package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.fhir.Canonical;
import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * A held session ({@code rehab-session} Appointment with status fulfilled) to {@code klgateway-140-encounter}: status
 * finished, {@code class} from where it took place (the citizen's home: HH "home health"; the centre, the pool, outdoors:
 * AMB "ambulatory"), period = the session's start and end, {@code BasedOnCarePlanExtension} = the assessment planned
 * intervention for an assessment session, else the course CarePlan. Sessions that were not held (booked, cancelled,
 * no-show) are no KL contacts: {@link #map} answers empty for them. Pure.
 */
public final class KlEncounterMapper {
    private KlEncounterMapper() {
    }

    public static Optional<Encounter> map(Appointment session, String courseId) {
        if (session.getStatus() != Appointment.AppointmentStatus.FULFILLED) {
            return Optional.empty();
        }
        Encounter kl = new Encounter();
        kl.setId(session.getIdElement().getIdPart());
        Kl.profile(kl, Kl.ENCOUNTER);
        String carePlan = KlCarePlanMapper.isAssessment(session) ? KlCarePlanMapper.assessmentId(courseId) : courseId;
        kl.addExtension(Kl.EXT_BASED_ON_CARE_PLAN, new Reference("CarePlan/" + carePlan));
        kl.setStatus(Encounter.EncounterStatus.FINISHED);
        kl.setClass_("home".equals(place(session)) ? new Coding(Kl.ACT_CODE, "HH", "home health")
                : new Coding(Kl.ACT_CODE, "AMB", "ambulatory"));
        session.getParticipant().stream().map(Appointment.AppointmentParticipantComponent::getActor)
                .filter(a -> a.hasReference() && a.getReference().startsWith("Patient/")).findFirst()
                .ifPresent(a -> kl.setSubject(new Reference(a.getReference())));
        kl.setPeriod(new Period().setStartElement(Kl.instant(session.getStart())).setEndElement(Kl.instant(session.getEnd())));
        return Optional.of(kl);
    }

    private static String place(Appointment session) {
        Extension e = session.getExtensionByUrl(Canonical.EXT_SESSION_PLACE);
        if (e == null) {
            return null;
        }
        if (e.getValue() instanceof Coding c) {
            return c.getCode();
        }
        if (e.getValue() instanceof org.hl7.fhir.r4.model.CodeableConcept cc) {
            return cc.getCodingFirstRep().getCode();
        }
        return null;
    }
}
