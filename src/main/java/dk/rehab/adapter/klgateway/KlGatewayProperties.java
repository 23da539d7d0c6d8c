package dk.rehab.adapter.klgateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The KL Gateway § 140 delivery, under {@code adapter.kl-gateway}.
 *
 * @param endpoint the base URL of KL Gateway's FHIR endpoint the reports are sent to (each report as
 *                 {@code PUT <endpoint>/Bundle/<report id>}); empty: reports are made and kept, their delivery waits as
 *                 {@code no-endpoint} until one is configured and the Task is retried
 * @param resourceBase the base of the {@code fullUrl} of every resource in a report ({@code <base>/<type>/<id>})
 */
@ConfigurationProperties("adapter.kl-gateway")
public record KlGatewayProperties(@DefaultValue("") String endpoint, @DefaultValue("http://rehab-adapter.dk/fhir") String resourceBase) {
    public KlGatewayProperties {
        endpoint = endpoint == null ? "" : endpoint.trim();
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        if (!endpoint.isEmpty() && !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
            throw new IllegalArgumentException("adapter.kl-gateway.endpoint must be an http(s) URL");
        }
        resourceBase = resourceBase == null || resourceBase.isBlank() ? "http://rehab-adapter.dk/fhir" : resourceBase.trim();
    }

    public boolean configured() {
        return !endpoint.isEmpty();
    }
}
