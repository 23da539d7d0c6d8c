package dk.rehab.adapter.transaction;

import dk.rehab.adapter.condition.ConditionService;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ConditionalCreate;
import dk.rehab.adapter.plan.PlanService;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * A hospital that re-sends a plan transaction must not create a second diagnosis: a Condition has no identity
 * of its own, so when a plan entry's If-None-Exist matches a stored plan, the Conditions that entry references
 * are the stored plan's diagnoses with the same SKS code.
 */
@Component
class ResentPlans {
    private final ConditionalCreate conditional;
    private final PlanService plans;
    private final ConditionService conditions;

    ResentPlans(ConditionalCreate conditional, PlanService plans, ConditionService conditions) {
        this.conditional = conditional;
        this.plans = plans;
        this.conditions = conditions;
    }

    /** Entry index of a Condition → {@code Condition/id} of the stored diagnosis it repeats. */
    Map<Integer, String> repeatedDiagnoses(Bundle bundle) {
        Map<Integer, String> repeated = new HashMap<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            BundleEntryComponent entry = bundle.getEntry().get(i);
            if (!(entry.getResource() instanceof ServiceRequest plan) || !entry.getRequest().hasIfNoneExist()) {
                continue;
            }
            Optional<String> stored = conditional.match("ServiceRequest", entry.getRequest().getIfNoneExist(),
                    "Bundle.entry[" + i + "].request.ifNoneExist");
            if (stored.isEmpty()) {
                continue;
            }
            ServiceRequest storedPlan = plans.read(stored.get());
            for (Reference reason : plan.getReasonReference()) {
                int j = indexOf(bundle, reason.getReference());
                if (j >= 0 && bundle.getEntry().get(j).getResource() instanceof Condition condition) {
                    sameDiagnosis(storedPlan, sksCode(condition)).ifPresent(id -> repeated.put(j, id));
                }
            }
        }
        return repeated;
    }

    private Optional<String> sameDiagnosis(ServiceRequest storedPlan, String code) {
        return storedPlan.getReasonReference().stream()
                .map(r -> new IdType(r.getReference()).getIdPart())
                .filter(id -> code != null && code.equals(conditions.codeOf(id)))
                .map(id -> "Condition/" + id)
                .findFirst();
    }

    private static String sksCode(Condition condition) {
        return condition.getCode().getCoding().stream().filter(c -> Canonical.SYSTEM_SKS.equals(c.getSystem()))
                .map(c -> c.getCode()).findFirst().orElse(null);
    }

    private static int indexOf(Bundle bundle, String fullUrl) {
        for (int j = 0; j < bundle.getEntry().size(); j++) {
            if (fullUrl != null && fullUrl.equals(bundle.getEntry().get(j).getFullUrl())) {
                return j;
            }
        }
        return -1;
    }
}
