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
 * ydernummer) to the base URL of the recipient's FHIR server. Both GLN system URIs find the same entry. Which
 * authorisation server a URL's receiver wants a token from is looked up by URL ({@link #authorisationFor}): the entry
 * whose base URL is the longest prefix of it, so an acknowledgement endpoint under a hospital's base is covered too.
 */
@Component
public class EndpointDirectory {
    private final Map<String, DeliveryProperties.Endpoint> byKey = new HashMap<>();
    private final Map<String, DeliveryProperties.Endpoint> byUrl = new HashMap<>();

    public EndpointDirectory(DeliveryProperties properties) {
        for (DeliveryProperties.Endpoint e : properties.endpoints()) {
            if (e.system() == null || e.value() == null || e.url() == null) {
                throw new IllegalArgumentException("adapter.delivery.endpoints: each entry needs system, value and url");
            }
            byKey.put(key(e.system(), e.value()), e);
            DeliveryProperties.Endpoint sameUrl = byUrl.putIfAbsent(base(e.url()), e);
            if (sameUrl != null && !java.util.Objects.equals(authorisation(sameUrl), authorisation(e))) {
                throw new IllegalArgumentException("adapter.delivery.endpoints: the entries for " + e.url()
                        + " differ in token-url, client-id, key, key-id or scope; entries with one URL share one authorisation");
            }
        }
    }

    /** The entry whose URL is the longest prefix of {@code url} (at a path boundary), when it wants a token. */
    public Optional<DeliveryProperties.Endpoint> authorisationFor(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String target = base(url);
        DeliveryProperties.Endpoint best = null;
        for (Map.Entry<String, DeliveryProperties.Endpoint> e : byUrl.entrySet()) {
            String base = e.getKey();
            if ((target.equals(base) || target.startsWith(base + "/")) && (best == null || base.length() > base(best.url()).length())) {
                best = e.getValue();
            }
        }
        return Optional.ofNullable(best).filter(DeliveryProperties.Endpoint::authenticates);
    }

    /** Every entry that wants a token, one per URL. */
    public java.util.Collection<DeliveryProperties.Endpoint> authenticating() {
        return byUrl.values().stream().filter(DeliveryProperties.Endpoint::authenticates).toList();
    }

    private static List<String> authorisation(DeliveryProperties.Endpoint e) {
        return java.util.Arrays.asList(e.tokenUrl(), e.clientId(), e.key(), e.keyId(), e.scope());
    }

    private static String base(String url) {
        return url.trim().replaceAll("/+$", "");
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
