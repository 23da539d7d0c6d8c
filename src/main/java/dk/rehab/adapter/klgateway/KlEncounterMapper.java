package dk.rehab.adapter.klgateway;

import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * A held session ({@code rehab-session} Appointment with status fulfilled, here as its projection {@link KlSession}) to
 * {@code klgateway-140-encounter}: status finished, {@code class} from where it took place (the citizen's home: HH
 * "home health"; the centre, the pool, outdoors: AMB "ambulatory"), period = the session's start and end,
 * {@code BasedOnCarePlanExtension} = the assessment planned intervention for an assessment session, else the course
 * CarePlan. Sessions that were not held (booked, cancelled, no-show) are no KL contacts: {@link #map} answers empty for
 * them. Pure.
 */
public final class KlEncounterMapper {
    private KlEncounterMapper() {
    }

    public static Optional<Encounter> map(KlSession session, String courseId) {
        if (!session.held()) {
            return Optional.empty();
        }
        Encounter kl = new Encounter();
        kl.setId(session.id());
        Kl.profile(kl, Kl.ENCOUNTER);
        String carePlan = session.isAssessment() ? KlCarePlanMapper.assessmentId(courseId) : courseId;
        kl.addExtension(Kl.EXT_BASED_ON_CARE_PLAN, new Reference("CarePlan/" + carePlan));
        kl.setStatus(Encounter.EncounterStatus.FINISHED);
        kl.setClass_("home".equals(session.place()) ? new Coding(Kl.ACT_CODE, "HH", "home health")
                : new Coding(Kl.ACT_CODE, "AMB", "ambulatory"));
        if (session.patientId() != null) {
            kl.setSubject(new Reference("Patient/" + session.patientId()));
        }
        kl.setPeriod(new Period().setStartElement(Kl.instant(session.start())).setEndElement(Kl.instant(session.end())));
        return Optional.of(kl);
    }
}
