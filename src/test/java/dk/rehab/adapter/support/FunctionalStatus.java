package dk.rehab.adapter.support;

import dk.rehab.adapter.fhir.Canonical;
import java.time.OffsetDateTime;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/** Functional-status Observations for tests, with FSIII codes as KL publishes them. */
public final class FunctionalStatus {
    public static final String LAVE_MAD = "2bd07f7c-e6bb-424b-ab8f-f7c1de2afe80";
    public static final String FORFLYTTE_SIG = "86e1982c-f459-4658-9071-e4bf3453a687";
    public static final String MOBILITET = "dd41df82-3c13-4523-b9c5-e83676425299";
    /** "Gå" (J3.8): an area of municipal care, not one of the 17 § 140 areas. */
    public static final String GAA = "51697715-965a-40f3-b4a5-819103bf9d49";
    public static final String[] LEVELS = {"9c5cfb57-a498-40e5-98a7-792bf5fb205b", "fcc16cb1-41f0-4832-b834-110fba0aaabe",
            "d984ad21-48fe-4619-845e-2aa0303048e7", "1ceef776-0cfa-4acd-b222-c5bb2424e0c1", "f4c9f159-5806-4c06-95e9-e69b83bab1a1"};
    public static final String LEVEL_9 = "d7ff926a-4955-478f-b300-0b0ec0785013";

    private FunctionalStatus() {
    }

    public static Observation observation(String patientId, String courseId, String practitionerId, String area, int level, String phase,
                                          OffsetDateTime effective) {
        Observation o = new Observation();
        o.addExtension(new Extension(Canonical.EXT_COURSE, new Reference("EpisodeOfCare/" + courseId)));
        o.addExtension(new Extension(Canonical.EXT_ASSESSMENT_PHASE, new Coding(Canonical.CS_ASSESSMENT_PHASE, phase, null)));
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding(new Coding(Canonical.CS_FSIII, area, null));
        o.setSubject(new Reference("Patient/" + patientId));
        o.setEffective(new DateTimeType(Date.from(effective.toInstant())));
        o.addPerformer(new Reference("Practitioner/" + practitionerId));
        o.setValue(new CodeableConcept(new Coding(Canonical.CS_FSIII, level == 9 ? LEVEL_9 : LEVELS[level], null)));
        return o;
    }

    public static Observation expected(Observation o, int level) {
        o.addComponent().setCode(new CodeableConcept(new Coding(Canonical.CS_FUNCTIONAL_STATUS_COMPONENT, "expected-level", null)))
                .setValue(new CodeableConcept(new Coding(Canonical.CS_FSIII, LEVELS[level], null)));
        return o;
    }

    /** The citizen's own rating: Udførelse "Udfører dele af", Betydning "Oplever begrænsninger". */
    public static Observation citizensRating(Observation o) {
        o.addComponent().setCode(new CodeableConcept(new Coding(Canonical.CS_FSIII, Canonical.FSIII_PERFORMANCE, null)))
                .setValue(new CodeableConcept(new Coding(Canonical.CS_FSIII, "86c7db25-59bb-4bef-bfe3-c73b3031b9f2", null)));
        o.addComponent().setCode(new CodeableConcept(new Coding(Canonical.CS_FSIII, Canonical.FSIII_IMPORTANCE, null)))
                .setValue(new CodeableConcept(new Coding(Canonical.CS_FSIII, "283bc119-5c7c-4679-8c8b-8768484e96d7", null)));
        return o;
    }
}
