package dk.rehab.adapter.ggop;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;

/**
 * The plan ({@code rehab-plan} ServiceRequest): letter and episode identifiers, plan type (category, required), the
 * fixed code, subject, requester and performer; the hospital contact ({@link GgopHospitalContact}), consent, the start
 * deadline (hospital-start-requirement), and the copy and final-status receivers ({@link GgopCopyReceivers}).
 */
final class GgopPlanRequest {
    static final String SYSTEM_LETTER = Canonical.BASE + "/NamingSystem/ggop-letter";
    static final String SYSTEM_EPISODE = Canonical.BASE + "/NamingSystem/ggop-episode-of-care";

    private static final Map<String, String> PLAN_TYPES = Map.of(
            "almen", Canonical.PLAN_TYPE_ALMEN,
            "specialiseret", Canonical.PLAN_TYPE_SPECIALISERET,
            "rehabilitering", Canonical.PLAN_TYPE_REHABILITERING);

    /** @param admission when the citizen was admitted (date and time as the document gives it), for the correlation */
    record Mapped(ServiceRequest request, String admission) {
    }

    private GgopPlanRequest() {
    }

    static Mapped map(GgopContext ctx, GgopEnvelope envelope, Organization sender, Organization receiver) {
        GgopDocument doc = ctx.doc();
        String p = GgopContext.PLAN;
        ServiceRequest request = new ServiceRequest();
        if (envelope.letterId() != null && sender != null) {
            request.addIdentifier().setSystem(SYSTEM_LETTER).setValue(GgopOrganizations.ean(sender) + "-" + envelope.letterId());
        }
        String episode = doc.text(envelope.letter(), "EpisodeOfCareIdentifier");
        if (episode != null) {
            request.addIdentifier().setSystem(SYSTEM_EPISODE).setValue(episode);
        }
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
        String type = doc.text(ctx.plan(), "TypeOfRehabilitationPlan");
        String typeAt = p + "/TypeOfRehabilitationPlan";
        if (type == null) {
            ctx.problems().add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the plan type (almen, specialiseret, rehabilitering) is missing", typeAt);
        } else if (!PLAN_TYPES.containsKey(type.toLowerCase(Locale.ROOT))) {
            ctx.problems().add(ErrorCode.UNKNOWN_CODE, "unknown plan type '" + type + "'; expected almen, specialiseret or rehabilitering", typeAt);
        } else {
            request.addCategory(new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, PLAN_TYPES.get(type.toLowerCase(Locale.ROOT)), null)));
        }
        request.setCode(new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, Canonical.CODE_REHAB_AFTER_HOSPITAL,
                "Kommunal genoptræning efter sygehusophold")));
        request.setSubject(new Reference(ctx.ids().of("patient")));
        request.setRequester(new Reference(ctx.ids().of("sender")));
        if (receiver != null) {
            request.addPerformer(new Reference(ctx.ids().of("receiver")));
        }

        String admission = GgopHospitalContact.map(ctx, request);
        String consent = doc.text(ctx.plan(), "ConsentInformed");
        if (consent != null) {
            if ("ja".equalsIgnoreCase(consent) || "nej".equalsIgnoreCase(consent)) {
                request.addExtension(new Extension(Canonical.EXT_CITIZEN_CONSENT, new BooleanType("ja".equalsIgnoreCase(consent))));
            } else {
                ctx.problems().add(ErrorCode.INVALID_VALUE, "ConsentInformed is ja or nej, was '" + consent + "'", p + "/ConsentInformed");
            }
        }
        String deadline = doc.text(ctx.plan(), "RehabilitationDeadline");
        if (deadline != null) {
            Extension requirement = new Extension(Canonical.EXT_HOSPITAL_START_REQUIREMENT);
            requirement.addExtension("text", new StringType(deadline));
            request.addExtension(requirement);
        }
        GgopCopyReceivers.map(ctx, request);
        return new Mapped(request, admission);
    }
}
