package dk.rehab.adapter.klgateway;

import java.util.List;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * What the adapter holds about one citizen's § 140 rehabilitation, as stored resources: the input of
 * {@link KlDeliveryReportAssembler}.
 *
 * @param municipality the centre responsible (the managing organisation of the latest course, else the plan's performer)
 * @param organizations every Organization the plans and courses refer to (hospitals, centres)
 */
public record CitizenRecord(Patient patient, Organization municipality, List<Organization> organizations, List<Plan> plans,
                            List<Course> courses) {

    /** A plan with the diagnoses it names. */
    public record Plan(ServiceRequest plan, List<Condition> diagnoses) {
    }

    /**
     * A course with its sessions (as their projection rows, in start order) and FSIII assessments: at least the latest
     * assessment of each area, in the order the areas were first assessed ({@link KlCitizenReader} parses only those).
     */
    public record Course(EpisodeOfCare course, List<KlSession> sessions, List<Observation> assessments) {
    }
}
