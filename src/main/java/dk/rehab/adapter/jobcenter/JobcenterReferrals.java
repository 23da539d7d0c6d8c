package dk.rehab.adapter.jobcenter;

import dk.rehab.adapter.fhir.Canonical;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * What makes a ServiceRequest a Jobcenter referral: its legal basis (extension {@code course-legal-basis}) is one of
 * the Jobcenter's SEL § 86.1 bases — {@code sel-86-1-jobcenter} (rehabilitation the Jobcenter refers the citizen to) or
 * {@code sel-86-1-funktionsevnevurdering} (a functional-capacity assessment for the Jobcenter). A course of either ends
 * with a functional-capacity assessment delivered to the Jobcenter (the referral's requester).
 */
public final class JobcenterReferrals {
    public static final Set<String> LEGAL_BASES = Set.of(Canonical.LEGAL_BASIS_JOBCENTER, Canonical.LEGAL_BASIS_FUNCTIONAL_CAPACITY);
    /** The plan projection's kind of a Jobcenter referral (a hospital's plan: {@code hospital-plan}). */
    public static final String KIND = "jobcenter-referral";
    public static final String KIND_HOSPITAL_PLAN = "hospital-plan";

    private JobcenterReferrals() {
    }

    /** Whether the ServiceRequest claims to be a Jobcenter referral: it carries a legal-basis extension. */
    public static boolean isReferral(ServiceRequest request) {
        return request != null && request.getExtensionByUrl(Canonical.EXT_COURSE_LEGAL_BASIS) != null;
    }

    /** The legal-basis code of a referral (or null). */
    public static String legalBasis(ServiceRequest request) {
        Extension ext = request.getExtensionByUrl(Canonical.EXT_COURSE_LEGAL_BASIS);
        if (ext != null && ext.getValue() instanceof CodeableConcept cc) {
            return cc.getCoding().stream().filter(c -> Canonical.CS_LEGAL_BASIS.equals(c.getSystem())).map(Coding::getCode)
                    .findFirst().orElse(null);
        }
        return null;
    }

    /** Whether a course of {@code legalBasis} answers a Jobcenter referral (and ends with an assessment for the Jobcenter). */
    public static boolean isJobcenterCourse(String legalBasis) {
        return legalBasis != null && LEGAL_BASES.contains(legalBasis);
    }
}
