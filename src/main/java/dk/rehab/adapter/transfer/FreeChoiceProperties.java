package dk.rehab.adapter.transfer;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Free choice of provider (Sundhedsloven § 140 stk. 4), under {@code adapter.free-choice}: the private providers the
 * citizen may choose among (those KL has an agreement with, as the municipality has them), each with its name, SOR id
 * and/or CVR number, and the base URL of the FHIR server a transferred plan is forwarded to.
 */
@ConfigurationProperties("adapter.free-choice")
public record FreeChoiceProperties(List<Provider> providers) {
    public FreeChoiceProperties {
        providers = providers == null ? List.of() : List.copyOf(providers);
    }

    /** One contracted provider. */
    public record Provider(String name, String sor, String cvr, String url) {
    }
}
