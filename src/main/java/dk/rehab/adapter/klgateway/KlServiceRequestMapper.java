package dk.rehab.adapter.klgateway;

import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The adapter's plan ({@code rehab-plan} ServiceRequest) to {@code klgateway-140-servicerequest}. Pure.
 * <ul>
 *   <li>status, intent = plan, {@code code} = CareSocialCodes "Kommunal genoptræning efter sygehusophold";</li>
 *   <li>{@code category}: the plan's types of ValueSet ServiceRequestTypes140 (almen / specialiseret / rehabilitering,
 *       and the municipality's basal / avanceret);</li>
 *   <li>{@code PreconditionDate} = the discharge date; {@code request-statusReason} = why the plan is not acted on;</li>
 *   <li>{@code authoredOn} = the day the plan was received (Danish time); {@code occurrencePeriod.start} = the first
 *       contact date offered;</li>
 *   <li>{@code requester} = the hospital, {@code reasonReference} = the diagnoses, {@code replaces} = the older plan.</li>
 * </ul>
 * Identifiers, performer and notes are not allowed by KL's profile and are left out.
 */
public final class KlServiceRequestMapper {
    static final Set<String> TYPES = Set.of("ffd81f78-352e-4589-a195-5350dd1df2a4", "0c8e2bfc-1350-45d1-90da-c07e2645d073",
            "83c89857-8fb8-4163-97b1-eb1a56345c29", "8b962281-2ab6-4b10-9c91-4bac592d6d49", "b679c454-2da2-46dd-9425-0e52d4aa2bf3");
    static final Set<String> STATUS_REASONS = Set.of("a8632e22-bf0c-4f5a-92a7-70977ba104d5", "f64b8f5e-8ced-4a8b-ab73-8994fb524915",
            "3796fa11-305f-47d6-b164-45b05489afb2", "46a6bc1f-bfe8-4390-a71f-44ad4a384b9d", "8ac7be88-5d16-4dbd-a61a-ab02673f4b34");
    static final String SERVICE_TYPE = "7fc66c15-0cb3-4c89-9e18-f3a01e6a6592";

    private KlServiceRequestMapper() {
    }

    public static ServiceRequest map(ServiceRequest plan) {
        ServiceRequest kl = new ServiceRequest();
        kl.setId(plan.getIdElement().getIdPart());
        Kl.profile(kl, Kl.SERVICE_REQUEST);
        Extension discharge = plan.getExtensionByUrl(Kl.EXT_PRECONDITION_DATE);
        if (discharge != null && discharge.getValue() instanceof DateType d) {
            kl.addExtension(Kl.EXT_PRECONDITION_DATE, new DateType(d.getValueAsString()));
        }
        Extension reason = plan.getExtensionByUrl(Kl.EXT_STATUS_REASON);
        if (reason != null && reason.getValue() instanceof CodeableConcept cc) {
            cc.getCoding().stream().filter(c -> Kl.CARE_SOCIAL.equals(c.getSystem()) && STATUS_REASONS.contains(c.getCode())).findFirst()
                    .ifPresent(c -> kl.addExtension(Kl.EXT_STATUS_REASON, new CodeableConcept(c.copy())));
        }
        kl.setStatus(plan.getStatus());
        kl.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
        for (CodeableConcept category : plan.getCategory()) {
            for (Coding c : category.getCoding()) {
                if (Kl.CARE_SOCIAL.equals(c.getSystem()) && TYPES.contains(c.getCode())) {
                    kl.addCategory(new CodeableConcept(new Coding(c.getSystem(), c.getCode(), c.getDisplay())));
                }
            }
        }
        kl.setCode(Kl.concept(Kl.CARE_SOCIAL, SERVICE_TYPE, "Kommunal genoptræning efter sygehusophold"));
        kl.setSubject(new Reference(plan.getSubject().getReference()));
        if (plan.hasOccurrencePeriod() && plan.getOccurrencePeriod().hasStart()) {
            kl.setOccurrence(new Period().setStartElement(plan.getOccurrencePeriod().getStartElement().copy()));
        }
        if (plan.hasAuthoredOn()) {
            kl.getAuthoredOnElement().setValueAsString(Kl.day(plan.getAuthoredOn()).getValueAsString());
        }
        if (plan.hasRequester()) {
            kl.setRequester(new Reference(plan.getRequester().getReference()));
        }
        plan.getReasonReference().stream().filter(r -> r.hasReference() && r.getReference().startsWith("Condition/"))
                .forEach(r -> kl.addReasonReference(new Reference(r.getReference())));
        plan.getReplaces().stream().filter(r -> r.hasReference() && r.getReference().startsWith("ServiceRequest/")).findFirst()
                .ifPresent(r -> kl.addReplaces(new Reference(r.getReference())));
        return kl;
    }
}
