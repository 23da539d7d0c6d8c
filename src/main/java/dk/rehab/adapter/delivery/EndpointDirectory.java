package dk.rehab.adapter.delivery;

import dk.rehab.adapter.organization.OrganizationIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.springframework.stereotype.Component;

/**
 * The endpoint directory from configuration ({@code adapter.delivery.endpoints}): recipient identifier (SOR, EAN/GLN,
 * ydernummer) to the base URL of the recipient's FHIR server. Both GLN system URIs find the same entry.
 */
@Component
public class EndpointDirectory {
    private final Map<String, DeliveryProperties.Endpoint> byKey = new HashMap<>();

    public EndpointDirectory(DeliveryProperties properties) {
        for (DeliveryProperties.Endpoint e : properties.endpoints()) {
            if (e.system() == null || e.value() == null || e.url() == null) {
                throw new IllegalArgumentException("adapter.delivery.endpoints: each entry needs system, value and url");
            }
            byKey.put(key(e.system(), e.value()), e);
        }
    }

    /** The first identifier the directory knows, with its endpoint. */
    public Optional<Match> find(List<Identifier> identifiers) {
        for (Identifier identifier : identifiers) {
            if (identifier.hasSystem() && identifier.hasValue()) {
                DeliveryProperties.Endpoint e = byKey.get(key(identifier.getSystem(), identifier.getValue()));
                if (e != null) {
                    return Optional.of(new Match(identifier, e));
                }
            }
        }
        return Optional.empty();
    }

    public record Match(Identifier identifier, DeliveryProperties.Endpoint endpoint) {
    }

    private static String key(String system, String value) {
        return OrganizationIds.normaliseSystem(system) + "|" + value.trim();
    }
}
