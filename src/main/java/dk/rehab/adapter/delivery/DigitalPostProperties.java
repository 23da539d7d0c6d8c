package dk.rehab.adapter.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The citizen's digital post (e-Boks / Digital Post), under {@code adapter.digital-post}: the FHIR server that takes
 * the Communications addressed to citizens (contact letters, reminders) and hands them on to the national digital
 * post; the integration with Digital Post itself is that server's concern.
 *
 * @param endpoint the base URL of that FHIR server; empty: such deliveries wait as {@code no-endpoint} (then $retry)
 * @param name how Tasks name the channel
 */
@ConfigurationProperties("adapter.digital-post")
public record DigitalPostProperties(@DefaultValue("") String endpoint, @DefaultValue("Digital Post") String name) {

    /** The endpoint, or null when none is configured. */
    public String url() {
        return endpoint == null || endpoint.isBlank() ? null : endpoint.trim();
    }
}
