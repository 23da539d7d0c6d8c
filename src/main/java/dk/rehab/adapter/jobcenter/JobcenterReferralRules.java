package dk.rehab.adapter.jobcenter;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import java.util.Set;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;

/**
 * The element rules of {@code rehab-jobcenter-referral} (a ServiceRequest from a Jobcenter, SEL § 86.1), checked in code
 * on every write: identifier (the Jobcenter's id of the referral), status, intent {@code order}, subject (the citizen),
 * requester (the Jobcenter, an Organization with its SOR id), authoredOn = received (set when absent), exactly one legal
 * basis of the Jobcenter's ({@code sel-86-1-jobcenter} or {@code sel-86-1-funktionsevnevurdering}); no hospital plan
 * parts (plan type, discharge date, GP copy, hospital start requirement, final-status receivers).
 */
public final class JobcenterReferralRules {
    /** The hospital plan's extensions a referral does not have. */
    private static final Set<String> NOT_IN_A_REFERRAL = Set.of(Canonical.EXT_PRECONDITION_DATE, Canonical.EXT_GP_COPY,
            Canonical.EXT_HOSPITAL_START_REQUIREMENT, Canonical.EXT_FINAL_STATUS_RECEIVER, Canonical.EXT_CITIZEN_CONSENT,
            Canonical.EXT_STATUS_REASON);

    private JobcenterReferralRules() {
    }

    public static void check(ServiceRequest referral, String at, Problems problems) {
        if (referral.getIdentifier().stream().noneMatch(i -> i.hasSystem() && i.hasValue())) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING,
                    "a referral needs an identifier with system and value (the Jobcenter's id of the referral)", at + ".identifier");
        }
        if (!referral.hasStatus()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "status is required", at + ".status");
        }
        if (!referral.hasIntent()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "intent is required and must be 'order'", at + ".intent");
        } else if (referral.getIntent() != ServiceRequestIntent.ORDER) {
            problems.add(ErrorCode.INVALID_VALUE, "a Jobcenter referral's intent is 'order', was '" + referral.getIntent().toCode() + "'",
                    at + ".intent");
        }
        if (!referral.hasSubject()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "subject (the citizen) is required", at + ".subject");
        }
        if (!referral.hasRequester()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "requester (the Jobcenter, an Organization with its SOR id) is required",
                    at + ".requester");
        }
        String where = at + ".extension('" + Canonical.EXT_COURSE_LEGAL_BASIS + "')";
        String legal = JobcenterReferrals.legalBasis(referral);
        if (referral.getExtensionsByUrl(Canonical.EXT_COURSE_LEGAL_BASIS).size() > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a referral has one legal basis", where);
        } else if (legal == null || !JobcenterReferrals.LEGAL_BASES.contains(legal)) {
            problems.add(ErrorCode.UNKNOWN_CODE, "a ServiceRequest with a legal basis is a Jobcenter referral: the legal basis is "
                    + Canonical.LEGAL_BASIS_JOBCENTER + " or " + Canonical.LEGAL_BASIS_FUNCTIONAL_CAPACITY + " (" + Canonical.CS_LEGAL_BASIS
                    + "); a hospital's plan has none", where + ".value");
        }
        if (referral.hasCategory()) {
            problems.add(ErrorCode.INVALID_VALUE, "a Jobcenter referral has no plan type (category is a hospital plan's)", at + ".category");
        }
        if (referral.hasOccurrence() && !referral.hasOccurrencePeriod()) {
            problems.add(ErrorCode.INVALID_VALUE, "occurrence must be a Period (start = the first meeting offered)", at + ".occurrence");
        }
        if (referral.getPerformer().size() > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a referral has at most one performer: the municipality", at + ".performer");
        }
        for (Extension e : referral.getExtension()) {
            if (NOT_IN_A_REFERRAL.contains(e.getUrl())) {
                problems.add(ErrorCode.INVALID_VALUE, "a Jobcenter referral does not carry the hospital plan's " + e.getUrl(),
                        at + ".extension('" + e.getUrl() + "')");
            }
        }
    }
}
