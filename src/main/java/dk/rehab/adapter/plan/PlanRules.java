package dk.rehab.adapter.plan;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.StringType;

/**
 * The element rules of the {@code rehab-plan} profile, checked in code on every write so the request path
 * does not pay the full profile validator (see README, "Validation"). References are checked by
 * {@link PlanService}, which needs the database. Every problem names its element.
 */
public final class PlanRules {
    /** The plan types of KL's ServiceRequestTypes140, with whether the hospital (true) or the municipality sets them. */
    static final Map<String, Boolean> PLAN_TYPES = Map.of(
            Canonical.PLAN_TYPE_ALMEN, true,
            Canonical.PLAN_TYPE_SPECIALISERET, true,
            Canonical.PLAN_TYPE_REHABILITERING, true,
            Canonical.PLAN_LEVEL_BASAL, false,
            Canonical.PLAN_LEVEL_AVANCERET, false);

    static final Set<String> STATUS_REASONS = Set.of(Canonical.STATUS_REASON_UDSKUDT, Canonical.STATUS_REASON_ANDEN_KOMMUNE,
            Canonical.STATUS_REASON_FRIT_VALG, Canonical.STATUS_REASON_FRIT_VALG_AFSLAAET, Canonical.STATUS_REASON_FEJL);

    /** Extensions whose values the adapter computes; what a client sends in them is replaced. */
    static final Set<String> COMPUTED = Set.of(Canonical.EXT_CONTACT_DEADLINE, Canonical.EXT_START_DEADLINE,
            Canonical.EXT_FREE_CHOICE_DATE, Canonical.EXT_MUNICIPAL_RESPONSIBILITY);

    private PlanRules() {
    }

    public static void check(ServiceRequest plan, String at, Problems problems) {
        if (plan.getIdentifier().stream().noneMatch(i -> i.hasSystem() && i.hasValue())) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING,
                    "a plan needs an identifier with system and value (the sender's id of the plan)", at + ".identifier");
        }
        if (!plan.hasStatus()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "status is required", at + ".status");
        }
        if (!plan.hasIntent()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "intent is required and must be 'plan'", at + ".intent");
        } else if (plan.getIntent() != ServiceRequestIntent.PLAN) {
            problems.add(ErrorCode.INVALID_VALUE, "intent must be 'plan', was '" + plan.getIntent().toCode() + "'", at + ".intent");
        }
        checkCode(plan, at, problems);
        checkCategories(plan, at, problems);
        if (!plan.hasSubject()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "subject (the citizen) is required", at + ".subject");
        }
        if (!plan.hasRequester()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "requester (the hospital department) is required", at + ".requester");
        }
        if (plan.hasOccurrence() && !plan.hasOccurrencePeriod()) {
            problems.add(ErrorCode.INVALID_VALUE, "occurrence must be a Period (start = the first contact date offered)", at + ".occurrence");
        } else if (plan.hasOccurrencePeriod() && plan.getOccurrencePeriod().hasEnd()) {
            problems.add(ErrorCode.INVALID_VALUE, "occurrencePeriod has only a start (the first contact date offered)",
                    at + ".occurrence.end");
        }
        if (plan.getPerformer().size() > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a plan has at most one performer: the receiving municipality", at + ".performer");
        }
        NOT_IN_A_PLAN.forEach((element, present) -> {
            if (present.test(plan)) {
                problems.add(ErrorCode.INVALID_VALUE, element + " is not part of a rehabilitation plan (KL's § 140 model leaves it out)",
                        at + "." + element);
            }
        });
        checkExtensions(plan, at, problems);
    }

    /** The elements KL's klgateway-140-servicerequest forbids and rehab-plan forbids too. */
    private static final Map<String, java.util.function.Predicate<ServiceRequest>> NOT_IN_A_PLAN = Map.ofEntries(
            Map.entry("instantiatesCanonical", ServiceRequest::hasInstantiatesCanonical),
            Map.entry("instantiatesUri", ServiceRequest::hasInstantiatesUri),
            Map.entry("basedOn", ServiceRequest::hasBasedOn),
            Map.entry("requisition", ServiceRequest::hasRequisition),
            Map.entry("priority", ServiceRequest::hasPriority),
            Map.entry("doNotPerform", ServiceRequest::hasDoNotPerform),
            Map.entry("orderDetail", ServiceRequest::hasOrderDetail),
            Map.entry("quantity", ServiceRequest::hasQuantity),
            Map.entry("encounter", ServiceRequest::hasEncounter),
            Map.entry("asNeeded", ServiceRequest::hasAsNeeded),
            Map.entry("performerType", ServiceRequest::hasPerformerType),
            Map.entry("locationCode", ServiceRequest::hasLocationCode),
            Map.entry("locationReference", ServiceRequest::hasLocationReference),
            Map.entry("reasonCode", ServiceRequest::hasReasonCode),
            Map.entry("insurance", ServiceRequest::hasInsurance),
            Map.entry("specimen", ServiceRequest::hasSpecimen),
            Map.entry("bodySite", ServiceRequest::hasBodySite),
            Map.entry("relevantHistory", ServiceRequest::hasRelevantHistory));

    private static void checkCode(ServiceRequest plan, String at, Problems problems) {
        if (!plan.hasCode()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "code is required (" + Canonical.CS_CARE_SOCIAL + "#"
                    + Canonical.CODE_REHAB_AFTER_HOSPITAL + ")", at + ".code");
            return;
        }
        boolean known = plan.getCode().getCoding().stream()
                .anyMatch(c -> Canonical.CS_CARE_SOCIAL.equals(c.getSystem()) && Canonical.CODE_REHAB_AFTER_HOSPITAL.equals(c.getCode()));
        if (!known) {
            problems.add(ErrorCode.UNKNOWN_CODE, "code must be " + Canonical.CS_CARE_SOCIAL + "#" + Canonical.CODE_REHAB_AFTER_HOSPITAL
                    + " (Kommunal genoptræning efter sygehusophold), from value set " + Canonical.VS_PLAN_SERVICE_TYPES, at + ".code");
        }
    }

    private static void checkCategories(ServiceRequest plan, String at, Problems problems) {
        if (!plan.hasCategory()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING,
                    "category is required: the plan type (almen, specialiseret or rehabilitering)", at + ".category");
            return;
        }
        if (plan.getCategory().size() > 2) {
            problems.add(ErrorCode.INVALID_VALUE, "at most two categories: the plan type and basal/avanceret", at + ".category");
        }
        int hospitalTypes = 0;
        int levels = 0;
        for (int i = 0; i < plan.getCategory().size(); i++) {
            CodeableConcept category = plan.getCategory().get(i);
            if (!codesPresent(category, at + ".category[" + i + "]", problems)) {
                continue;
            }
            Coding coding = category.getCoding().stream().filter(c -> Canonical.CS_CARE_SOCIAL.equals(c.getSystem()))
                    .findFirst().orElse(null);
            if (coding == null || !PLAN_TYPES.containsKey(coding.getCode())) { // codesPresent: every coding has a code
                problems.add(ErrorCode.UNKNOWN_CODE, "the category is not a plan type from value set " + Canonical.VS_PLAN_TYPES,
                        at + ".category[" + i + "]");
                continue;
            }
            if (PLAN_TYPES.get(coding.getCode())) {
                hospitalTypes++;
            } else {
                levels++;
            }
        }
        if (hospitalTypes == 0 && levels > 0) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the plan type (almen, specialiseret or rehabilitering) is required",
                    at + ".category");
        }
        if (hospitalTypes > 1 || levels > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "one plan type and at most one of basal/avanceret", at + ".category");
        }
        if (levels > 0 && hospitalTypes == 1 && !hasCategory(plan, Canonical.PLAN_TYPE_ALMEN)) {
            problems.add(ErrorCode.INVALID_VALUE, "basal and avanceret split only an almen plan", at + ".category");
        }
    }

    /**
     * Every coding of a category has a code of at most 64 characters and a system of at most 255 (the plan's category
     * index keeps each coding); false, with the problems added, when one has not.
     */
    private static boolean codesPresent(CodeableConcept category, String at, Problems problems) {
        boolean ok = true;
        for (int j = 0; j < category.getCoding().size(); j++) {
            Coding coding = category.getCoding().get(j);
            String where = at + ".coding[" + j + "]";
            if (!coding.hasCode()) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a category coding needs a code (the plan type from value set "
                        + Canonical.VS_PLAN_TYPES + ")", where + ".code");
                ok = false;
            } else if (coding.getCode().length() > 64) {
                problems.add(ErrorCode.INVALID_VALUE, "a category code has at most 64 characters", where + ".code");
                ok = false;
            }
            if (coding.hasSystem() && coding.getSystem().length() > 255) {
                problems.add(ErrorCode.INVALID_VALUE, "a category system has at most 255 characters", where + ".system");
                ok = false;
            }
        }
        return ok;
    }

    private static void checkExtensions(ServiceRequest plan, String at, Problems problems) {
        Extension discharge = plan.getExtensionByUrl(Canonical.EXT_PRECONDITION_DATE);
        String dischargeAt = at + ".extension('" + Canonical.EXT_PRECONDITION_DATE + "')";
        if (discharge == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the discharge date is required", dischargeAt);
        } else if (!(discharge.getValue() instanceof DateType date) || !date.hasValue()) {
            problems.add(ErrorCode.INVALID_VALUE, "the discharge date must be a valueDate", dischargeAt + ".value");
        }
        typed(plan, Canonical.EXT_CITIZEN_CONSENT, BooleanType.class, "valueBoolean", at, problems);
        Extension reason = plan.getExtensionByUrl(Canonical.EXT_STATUS_REASON);
        if (reason != null) {
            String where = at + ".extension('" + Canonical.EXT_STATUS_REASON + "').value";
            if (!(reason.getValue() instanceof CodeableConcept cc) || cc.getCoding().stream()
                    .noneMatch(c -> Canonical.CS_CARE_SOCIAL.equals(c.getSystem()) && (c.getCode() != null && STATUS_REASONS.contains(c.getCode())))) {
                problems.add(ErrorCode.UNKNOWN_CODE, "the status reason must be a code from value set "
                        + Canonical.VS_PLAN_STATUS_REASONS, where);
            }
        }
        for (Extension receiver : plan.getExtensionsByUrl(Canonical.EXT_FINAL_STATUS_RECEIVER)) {
            if (!(receiver.getValue() instanceof Reference)) {
                problems.add(ErrorCode.INVALID_VALUE, "a final-status receiver is a valueReference to an Organization",
                        at + ".extension('" + Canonical.EXT_FINAL_STATUS_RECEIVER + "').value");
            }
        }
        Extension gp = plan.getExtensionByUrl(Canonical.EXT_GP_COPY);
        if (gp != null) {
            String where = at + ".extension('" + Canonical.EXT_GP_COPY + "')";
            Extension wanted = gp.getExtensionByUrl("wanted");
            if (wanted == null || !(wanted.getValue() instanceof BooleanType)) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "gp-copy needs 'wanted' (valueBoolean)", where + ".extension('wanted')");
            }
            Extension receiver = gp.getExtensionByUrl("receiver");
            if (receiver != null && !(receiver.getValue() instanceof Reference)) {
                problems.add(ErrorCode.INVALID_VALUE, "gp-copy 'receiver' is a valueReference to an Organization",
                        where + ".extension('receiver').value");
            }
        }
        Extension start = plan.getExtensionByUrl(Canonical.EXT_HOSPITAL_START_REQUIREMENT);
        if (start != null) {
            String where = at + ".extension('" + Canonical.EXT_HOSPITAL_START_REQUIREMENT + "')";
            Extension text = start.getExtensionByUrl("text");
            Extension notBefore = start.getExtensionByUrl("notBefore");
            if (text != null && !(text.getValue() instanceof StringType)) {
                problems.add(ErrorCode.INVALID_VALUE, "'text' is a valueString", where + ".extension('text').value");
            }
            if (notBefore != null && !(notBefore.getValue() instanceof DateType)) {
                problems.add(ErrorCode.INVALID_VALUE, "'notBefore' is a valueDate", where + ".extension('notBefore').value");
            }
            if (text == null && notBefore == null) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "hospital-start-requirement needs 'text' or 'notBefore'", where);
            }
        }
    }

    private static void typed(ServiceRequest plan, String url, Class<?> type, String name, String at, Problems problems) {
        Extension ext = plan.getExtensionByUrl(url);
        if (ext != null && !type.isInstance(ext.getValue())) {
            problems.add(ErrorCode.INVALID_VALUE, "the extension takes a " + name, at + ".extension('" + url + "').value");
        }
    }

    public static boolean hasCategory(ServiceRequest plan, String code) {
        return plan.getCategory().stream().flatMap(c -> c.getCoding().stream())
                .anyMatch(c -> Canonical.CS_CARE_SOCIAL.equals(c.getSystem()) && code.equals(c.getCode()));
    }
}
