package dk.rehab.adapter.course;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/** The element rules of {@code rehab-course} (an EpisodeOfCare), checked in code on every write. */
public final class CourseRules {
    /** Open courses; onhold is set by the adapter alone, while the citizen is in hospital (hospital notifications). */
    public static final Set<EpisodeOfCareStatus> OPEN = Set.of(EpisodeOfCareStatus.PLANNED, EpisodeOfCareStatus.WAITLIST,
            EpisodeOfCareStatus.ACTIVE, EpisodeOfCareStatus.ONHOLD);
    public static final Set<EpisodeOfCareStatus> CLOSED = Set.of(EpisodeOfCareStatus.FINISHED, EpisodeOfCareStatus.CANCELLED);
    /** Extensions the adapter computes; what a client sends in them is replaced. */
    public static final Set<String> COMPUTED = Set.of(Canonical.EXT_SESSION_USAGE, Canonical.EXT_REASSESSMENT);

    private CourseRules() {
    }

    public static void check(EpisodeOfCare course, String at, Problems problems) {
        if (!course.hasStatus()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "status is required", at + ".status");
        } else if (!OPEN.contains(course.getStatus()) && !CLOSED.contains(course.getStatus())) {
            problems.add(ErrorCode.INVALID_VALUE, "a course is planned, waitlist, active, onhold, finished or cancelled, not "
                    + course.getStatus().toCode(), at + ".status");
        }
        if (!course.hasPatient()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "patient (the citizen) is required", at + ".patient");
        }
        String legal = legalBasis(course);
        String legalAt = at + ".extension('" + Canonical.EXT_COURSE_LEGAL_BASIS + "')";
        if (course.getExtensionsByUrl(Canonical.EXT_COURSE_LEGAL_BASIS).isEmpty()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the legal basis is required", legalAt);
        } else if (course.getExtensionsByUrl(Canonical.EXT_COURSE_LEGAL_BASIS).size() > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a course has one legal basis", legalAt);
        } else if (legal == null || !CourseCodes.LEGAL_BASES.containsKey(legal)) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the legal basis must be a code of " + Canonical.CS_LEGAL_BASIS
                    + " (" + String.join(", ", CourseCodes.LEGAL_BASES.keySet()) + ")", legalAt + ".value");
        }
        if (course.getReferralRequest().size() > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a course answers at most one plan", at + ".referralRequest");
        }
        if (legal != null && CourseCodes.LEGAL_BASIS_PLAN.equals(legal) && !course.hasReferralRequest()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a " + CourseCodes.LEGAL_BASIS_PLAN
                    + " course answers a hospital plan: referralRequest is required", at + ".referralRequest");
        }
        if (legal != null && CourseCodes.LEGAL_BASES.containsKey(legal) && !CourseCodes.LEGAL_BASIS_PLAN.equals(legal)
                && !dk.rehab.adapter.jobcenter.JobcenterReferrals.isJobcenterCourse(legal) && course.hasReferralRequest()) {
            problems.add(ErrorCode.INVALID_VALUE, "only a " + CourseCodes.LEGAL_BASIS_PLAN
                    + " course has a hospital plan, and a Jobcenter course (sel-86-1-jobcenter, sel-86-1-funktionsevnevurdering) "
                    + "a Jobcenter referral; a " + legal + " course is a direct referral", at + ".referralRequest");
        }
        checkType(course, at, problems);
        checkEndReason(course, at, problems);
        Extension pkg = course.getExtensionByUrl(Canonical.EXT_COURSE_PACKAGE);
        if (course.getExtensionsByUrl(Canonical.EXT_COURSE_PACKAGE).size() > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a course has one package", at + ".extension('" + Canonical.EXT_COURSE_PACKAGE + "')");
        } else if (pkg != null && (!(pkg.getValue() instanceof CanonicalType c) || !c.hasValue())) {
            problems.add(ErrorCode.INVALID_VALUE, "the package is a valueCanonical (a PlanDefinition url of the service catalogue)",
                    at + ".extension('" + Canonical.EXT_COURSE_PACKAGE + "').value");
        }
        List<Extension> grants = course.getExtensionsByUrl(Canonical.EXT_EXTRA_SESSIONS);
        for (int i = 0; i < grants.size(); i++) {
            checkGrant(grants.get(i), at + ".extension('" + Canonical.EXT_EXTRA_SESSIONS + "')[" + i + "]", problems);
        }
        if (course.getTeam().size() > 0) {
            problems.add(ErrorCode.INVALID_VALUE, "team is not used: the responsible therapist is careManager", at + ".team");
        }
    }

    private static void checkType(EpisodeOfCare course, String at, Problems problems) {
        int groups = 0;
        int levels = 0;
        for (int i = 0; i < course.getType().size(); i++) {
            for (Coding coding : course.getType().get(i).getCoding()) {
                if (Canonical.CS_DIAGNOSIS_GROUPS.equals(coding.getSystem())) {
                    groups++;
                    if (!(coding.getCode() != null && CourseCodes.DIAGNOSIS_GROUPS.containsKey(coding.getCode()))) {
                        problems.add(ErrorCode.UNKNOWN_CODE, "unknown diagnosis group '" + coding.getCode() + "' (" + Canonical.CS_DIAGNOSIS_GROUPS + ")",
                                at + ".type[" + i + "]");
                    }
                } else if (Canonical.CS_CARE_SOCIAL.equals(coding.getSystem())) {
                    levels++;
                    if (!Canonical.PLAN_LEVEL_BASAL.equals(coding.getCode()) && !Canonical.PLAN_LEVEL_AVANCERET.equals(coding.getCode())) {
                        problems.add(ErrorCode.UNKNOWN_CODE, "the level is basal or avanceret (KL CareSocialCodes)", at + ".type[" + i + "]");
                    }
                } else {
                    problems.add(ErrorCode.UNKNOWN_CODE, "type holds the diagnosis group (" + Canonical.CS_DIAGNOSIS_GROUPS
                            + ") and basal/avanceret (" + Canonical.CS_CARE_SOCIAL + ")", at + ".type[" + i + "]");
                }
            }
        }
        if (groups == 0) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the diagnosis group is required in type (" + Canonical.CS_DIAGNOSIS_GROUPS + ")",
                    at + ".type");
        } else if (groups > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a course has one diagnosis group", at + ".type");
        }
        if (levels > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a course is basal or avanceret, not both", at + ".type");
        }
    }

    private static void checkEndReason(EpisodeOfCare course, String at, Problems problems) {
        String where = at + ".extension('" + Canonical.EXT_COURSE_END_REASON + "')";
        Extension reason = course.getExtensionByUrl(Canonical.EXT_COURSE_END_REASON);
        boolean closed = course.hasStatus() && CLOSED.contains(course.getStatus());
        if (reason == null) {
            if (closed) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a " + course.getStatus().toCode()
                        + " course needs its end reason (KL's course-end reasons, value set " + Canonical.VS_COURSE_END_REASONS + ")", where);
            }
            return;
        }
        if (!closed) {
            problems.add(ErrorCode.INVALID_VALUE, "only a finished or cancelled course has an end reason", where);
        } else if (!(reason.getValue() instanceof CodeableConcept cc) || cc.getCoding().stream()
                .noneMatch(c -> Canonical.CS_CARE_SOCIAL.equals(c.getSystem()) && (c.getCode() != null && CourseCodes.END_REASONS.contains(c.getCode()))
                        || Canonical.CS_COURSE_END_REASONS.equals(c.getSystem()) && c.getCode() != null
                        && CourseCodes.OWN_END_REASONS.containsKey(c.getCode()))) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the end reason must be a code from value set " + Canonical.VS_COURSE_END_REASONS, where + ".value");
        }
    }

    private static void checkGrant(Extension grant, String at, Problems problems) {
        Extension sessions = grant.getExtensionByUrl("sessions");
        if (sessions == null || !(sessions.getValue() instanceof IntegerType n) || !n.hasValue() || n.getValue() < 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a grant gives a positive number of sessions (sessions, valueInteger)", at + ".extension('sessions')");
        }
        Extension by = grant.getExtensionByUrl("grantedBy");
        if (by == null || !(by.getValue() instanceof Reference)) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a grant names the therapist who granted it (grantedBy, valueReference Practitioner)",
                    at + ".extension('grantedBy')");
        }
        Extension date = grant.getExtensionByUrl("date");
        if (date == null || !(date.getValue() instanceof DateTimeType d) || !d.hasValue()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a grant has its date (date, valueDateTime)", at + ".extension('date')");
        }
        Extension reason = grant.getExtensionByUrl("reason");
        if (reason == null || !(reason.getValue() instanceof StringType s) || s.getValue() == null || s.getValue().isBlank()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a grant says why (reason, valueString)", at + ".extension('reason')");
        }
    }

    public static String legalBasis(EpisodeOfCare course) {
        Extension ext = course.getExtensionByUrl(Canonical.EXT_COURSE_LEGAL_BASIS);
        if (ext != null && ext.getValue() instanceof CodeableConcept cc) {
            return cc.getCoding().stream().filter(c -> Canonical.CS_LEGAL_BASIS.equals(c.getSystem())).map(Coding::getCode)
                    .findFirst().orElse(null);
        }
        return null;
    }

    public static String diagnosisGroup(EpisodeOfCare course) {
        return typeCode(course, Canonical.CS_DIAGNOSIS_GROUPS);
    }

    public static String level(EpisodeOfCare course) {
        return typeCode(course, Canonical.CS_CARE_SOCIAL);
    }

    private static String typeCode(EpisodeOfCare course, String system) {
        return course.getType().stream().flatMap(t -> t.getCoding().stream()).filter(c -> system.equals(c.getSystem()))
                .map(Coding::getCode).findFirst().orElse(null);
    }

    /** The course-end reason's code (KL's CareSocialCodes), or null. */
    public static String endReason(EpisodeOfCare course) {
        Extension ext = course.getExtensionByUrl(Canonical.EXT_COURSE_END_REASON);
        if (ext != null && ext.getValue() instanceof CodeableConcept cc) {
            return cc.getCoding().stream().filter(c -> Canonical.CS_CARE_SOCIAL.equals(c.getSystem())).map(Coding::getCode)
                    .findFirst().orElse(null);
        }
        return null;
    }

    public static String packageUrl(EpisodeOfCare course) {
        Extension pkg = course.getExtensionByUrl(Canonical.EXT_COURSE_PACKAGE);
        return pkg != null && pkg.getValue() instanceof CanonicalType c ? c.getValue() : null;
    }

    public static int extraSessions(EpisodeOfCare course) {
        int sum = 0;
        for (Extension grant : course.getExtensionsByUrl(Canonical.EXT_EXTRA_SESSIONS)) {
            Extension n = grant.getExtensionByUrl("sessions");
            if (n != null && n.getValue() instanceof IntegerType i && i.hasValue()) {
                sum += i.getValue();
            }
        }
        return sum;
    }

    /** Whether a course may go from {@code from} to {@code to}. */
    public static boolean allowed(EpisodeOfCareStatus from, EpisodeOfCareStatus to) {
        if (from == to) {
            return true;
        }
        return switch (from) {
            case PLANNED, WAITLIST -> to == EpisodeOfCareStatus.PLANNED || to == EpisodeOfCareStatus.WAITLIST
                    || to == EpisodeOfCareStatus.ACTIVE || to == EpisodeOfCareStatus.CANCELLED;
            case ACTIVE -> to == EpisodeOfCareStatus.FINISHED || to == EpisodeOfCareStatus.CANCELLED;
            // a course on hold (citizen in hospital) may be resumed, finished or cancelled by the centre
            case ONHOLD -> to == EpisodeOfCareStatus.ACTIVE || to == EpisodeOfCareStatus.FINISHED || to == EpisodeOfCareStatus.CANCELLED;
            default -> false;
        };
    }
}
