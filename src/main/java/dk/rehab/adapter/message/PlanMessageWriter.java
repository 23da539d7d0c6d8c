package dk.rehab.adapter.message;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.plan.PlanService;
import dk.rehab.adapter.transaction.ResourceWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * Stores the plan a message carries through the adapter's one write path ({@link ResourceWriter}: the same
 * rules, identity matching, deadlines and projections as a plan sent over REST or in a transaction). A message's
 * resources refer to each other by fullUrl or {@code Type/id}; those references become Bundle placeholders
 * before the write. A correction first revokes the plan it replaces and points the new plan's
 * {@code replaces} at it. Runs inside the caller's transaction.
 */
@Component
public class PlanMessageWriter {
    private static final Map<String, Integer> ORDER = Map.of("Organization", 0, "Patient", 1, "Condition", 2, "ServiceRequest", 3);

    private final FhirContext fhir;
    private final ResourceWriter writer;
    private final PlanService plans;

    public PlanMessageWriter(FhirContext fhir, ResourceWriter writer, PlanService plans) {
        this.fhir = fhir;
        this.writer = writer;
        this.plans = plans;
    }

    public record Written(String planId, List<Resource> created) {
    }

    /** Writes the plan's resources; {@code replaces} is the id of the plan a correction replaces, or null. */
    public Written write(List<PlanMessage.Entry> entries, String replaces) {
        List<PlanMessage.Entry> stored = entries.stream().filter(e -> ORDER.containsKey(e.resource().fhirType()))
                .map(e -> new PlanMessage.Entry(e.fullUrl(), dk.rehab.adapter.fhir.ClientCopies.copy(e.resource(), e.at()), e.at()))
                .sorted(Comparator.comparing(e -> ORDER.get(e.resource().fhirType())))
                .toList();
        Map<String, String> placeholders = new HashMap<>();
        Map<PlanMessage.Entry, String> own = new HashMap<>();
        for (PlanMessage.Entry entry : stored) {
            String placeholder = "urn:uuid:" + UUID.randomUUID();
            own.put(entry, placeholder);
            if (entry.fullUrl() != null) {
                placeholders.put(entry.fullUrl(), placeholder);
            }
            if (entry.resource().hasIdElement() && entry.resource().getIdElement().hasIdPart()) {
                placeholders.put(entry.resource().fhirType() + "/" + entry.resource().getIdElement().getIdPart(), placeholder);
            }
        }
        for (PlanMessage.Entry entry : stored) {
            for (Reference ref : fhir.newTerser().getAllPopulatedChildElementsOfType(entry.resource(), Reference.class)) {
                if (ref.hasReference() && placeholders.containsKey(ref.getReference())) {
                    ref.setReference(placeholders.get(ref.getReference()));
                }
            }
        }
        if (replaces != null) {
            plans.revoke(replaces);
        }
        WriteScope scope = new WriteScope();
        List<Resource> created = new ArrayList<>();
        String planId = null;
        for (PlanMessage.Entry entry : stored) {
            Resource resource = entry.resource();
            if (resource instanceof ServiceRequest plan && replaces != null
                    && plan.getReplaces().stream().noneMatch(r -> ("ServiceRequest/" + replaces).equals(r.getReference()))) {
                plan.getReplaces().removeIf(r -> !r.hasReference() || !r.getReference().startsWith("ServiceRequest/"));
                plan.addReplaces(new Reference("ServiceRequest/" + replaces));
            }
            WriteOutcome<? extends Resource> outcome = writer.create(resource, null, entry.at(), scope);
            Resource result = outcome.resource();
            scope.bind(own.get(entry), result.fhirType() + "/" + result.getIdElement().getIdPart());
            if (outcome.created()) {
                created.add(result);
            }
            if (result instanceof ServiceRequest) {
                planId = result.getIdElement().getIdPart();
            }
        }
        return new Written(planId, created);
    }
}
