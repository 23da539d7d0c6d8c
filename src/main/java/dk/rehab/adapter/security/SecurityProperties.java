package dk.rehab.adapter.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the adapter ({@code adapter.security.}). With {@code issuer} and {@code jwks} set, bearer tokens are
 * checked against that identity provider's keys (a JWKS file or URL) and the local key is never used; with neither
 * set, the adapter signs and checks its own tokens with a local key ({@code local-key}, created at first start; see
 * {@link LocalSigningKey}). The one setting that turns the checks off, {@link WithoutSecurity}, is for benchmarks and
 * refused unless the database is the embedded one.
 *
 * @param issuer        the {@code iss} every token must carry; empty: local-key mode
 * @param jwks          the identity provider's public keys: an {@code http(s)://} URL or a file path (JWK Set JSON)
 * @param audience      the {@code aud} every token must contain
 * @param clockSkew     how far {@code exp} and {@code nbf} may be off
 * @param localKey      the local signing key (local-key mode only)
 * @param tokenEndpoint the token endpoint declared in the CapabilityStatement and the SMART configuration
 * @param claims        the names of the claims that say who the caller is
 */
@ConfigurationProperties("adapter.security")
public record SecurityProperties(
        @DefaultValue("") String issuer,
        @DefaultValue("") String jwks,
        @DefaultValue(LocalSigningKey.DEFAULT_AUDIENCE) String audience,
        @DefaultValue("PT60S") Duration clockSkew,
        @DefaultValue(LocalSigningKey.DEFAULT_PATH) String localKey,
        @DefaultValue("") String tokenEndpoint,
        @DefaultValue Claims claims) {

    public SecurityProperties {
        if (issuer.isBlank() != jwks.isBlank()) {
            throw new IllegalArgumentException("adapter.security.issuer and adapter.security.jwks go together: set both "
                    + "(an identity provider) or neither (the local signing key)");
        }
        if (audience.isBlank()) {
            throw new IllegalArgumentException("adapter.security.audience must not be empty");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("adapter.security.clock-skew must be between 0 and 5 minutes");
        }
    }

    /** Whether tokens are signed and checked with the adapter's own local key (no identity provider configured). */
    public boolean usesLocalKey() {
        return issuer.isBlank();
    }

    /** The issuer tokens must name: the configured one, or the local key's. */
    public String expectedIssuer() {
        return usesLocalKey() ? LocalSigningKey.ISSUER : issuer;
    }

    /** The token endpoint to declare: configured, else the issuer's {@code /token}, else the local-key marker. */
    public String declaredTokenEndpoint() {
        if (!tokenEndpoint.isBlank()) {
            return tokenEndpoint;
        }
        return usesLocalKey() ? LocalSigningKey.LOCAL_TOKEN_ENDPOINT : issuer.replaceAll("/+$", "") + "/token";
    }

    /**
     * @param kind  the claim naming the client kind (hospital, gp, municipality, reporting, auditor)
     * @param id    the claim naming the client's organisation: SOR id, GLN or ydernummer
     * @param scope the claim with the SMART scopes (a space-separated string or a list)
     */
    public record Claims(@DefaultValue(LocalTokens.KIND_CLAIM) String kind, @DefaultValue(LocalTokens.ID_CLAIM) String id,
                         @DefaultValue("scope") String scope) {
    }
}
