package dk.rehab.adapter.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The size limits of a request ({@code adapter.limits.*}), each answered with an OperationOutcome and its own error
 * code before anything is parsed or stored.
 *
 * @param maxBodySize      the largest request body (POST, PUT, PATCH) taken; a larger one is answered 413 {@code payload-too-large}
 * @param maxDepth         the deepest nesting of JSON objects/arrays or XML elements in a body; deeper is answered 400
 *                         {@code nesting-too-deep} before any parser recurses into it
 * @param maxHeaderSize    the largest request line plus headers (Tomcat's {@code server.max-http-request-header-size} is set
 *                         from it); larger is answered 431 {@code headers-too-large}
 * @param maxBundleEntries the most entries a transaction or message Bundle may have; more is answered 413 {@code too-many-entries}
 */
@ConfigurationProperties("adapter.limits")
public record LimitsProperties(@DefaultValue("10MB") DataSize maxBodySize, @DefaultValue("100") int maxDepth,
                               @DefaultValue("16KB") DataSize maxHeaderSize, @DefaultValue("1000") int maxBundleEntries) {
    public LimitsProperties {
        if (maxDepth < 8) {
            throw new IllegalArgumentException("adapter.limits.max-depth must be at least 8 (a plan message nests about 8 deep), was " + maxDepth);
        }
        if (maxBundleEntries < 1) {
            throw new IllegalArgumentException("adapter.limits.max-bundle-entries must be at least 1, was " + maxBundleEntries);
        }
    }
}
