package dk.rehab.adapter.functionalstatus;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.store.ResourceStore;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * Reads courses (EpisodeOfCare, issue 4's {@code rehab-course}) as the shared contract describes them: patient,
 * legal basis extension, referral to the plan. Only reads what is stored; the course rules are issue 4's.
 */
@Component
public class Courses {
    private final ResourceStore store;

    public Courses(ResourceStore store) {
        this.store = store;
    }

    public Optional<EpisodeOfCare> read(String id) {
        return store.current("EpisodeOfCare", id).map(s -> store.parse(s, EpisodeOfCare.class));
    }

    /** The legal-basis code (e.g. {@code sul-140}) or null. */
    public static String legalBasis(EpisodeOfCare course) {
        Extension ext = course.getExtensionByUrl(Canonical.EXT_COURSE_LEGAL_BASIS);
        if (ext == null || !(ext.getValue() instanceof CodeableConcept cc)) {
            return null;
        }
        return cc.getCoding().stream().filter(c -> Canonical.CS_LEGAL_BASIS.equals(c.getSystem())).map(c -> c.getCode())
                .findFirst().orElse(null);
    }

    public static String patientId(EpisodeOfCare course) {
        return course.getPatient().hasReference() ? new IdType(course.getPatient().getReference()).getIdPart() : null;
    }

    public static String planId(EpisodeOfCare course) {
        return course.getReferralRequest().stream().filter(r -> r.hasReference())
                .map(r -> new IdType(r.getReference()).getIdPart()).findFirst().orElse(null);
    }
}
