package dk.rehab.adapter.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The one {@link JwtDecoder} of the server: signature against the identity provider's JWKS (a file, or a URL it
 * fetches and caches), or against the local key's public half; then issuer, audience, expiry (required) and
 * not-before, with the configured clock skew.
 */
final class TokenDecoders {
    private static final Logger LOG = LoggerFactory.getLogger(TokenDecoders.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    private TokenDecoders() {
    }

    static JwtDecoder decoder(SecurityProperties properties) {
        NimbusJwtDecoder decoder;
        if (properties.usesLocalKey()) {
            Path file = Path.of(properties.localKey());
            JWKSet keys = new JWKSet(LocalSigningKey.loadOrCreate(file).toPublicJWK());
            LOG.warn("no identity provider configured (adapter.security.issuer/jwks): tokens are signed and checked with the local key {}; "
                    + "get one with: java -jar <the jar> token --kind municipality", file.toAbsolutePath().normalize());
            decoder = fromKeys(new ImmutableJWKSet<>(keys), Set.of(JWSAlgorithm.ES256));
        } else if (properties.jwks().startsWith("http://") || properties.jwks().startsWith("https://")) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwks())
                    .jwsAlgorithms(algorithms -> ALGORITHMS.forEach(a -> algorithms.add(
                            org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.from(a.getName())))).build();
        } else {
            try {
                decoder = fromKeys(new ImmutableJWKSet<>(JWKSet.load(Path.of(properties.jwks()).toFile())), ALGORITHMS);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read adapter.security.jwks " + properties.jwks(), e);
            } catch (ParseException e) {
                throw new IllegalStateException("adapter.security.jwks " + properties.jwks() + " is not a JWK Set", e);
            }
        }
        decoder.setJwtValidator(validator(properties));
        // Verified tokens are remembered: same bytes, already checked; the time checks run again on every use.
        return new CachingJwtDecoder(decoder, new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(properties.clockSkew()))),
                10_000, Duration.ofMinutes(5));
    }

    private static NimbusJwtDecoder fromKeys(JWKSource<SecurityContext> keys, Set<JWSAlgorithm> algorithms) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
            // the claims are checked by Spring's validators below, with the configured skew
        });
        return new NimbusJwtDecoder(processor);
    }

    static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                jwt -> jwt.getExpiresAt() != null ? OAuth2TokenValidatorResult.success()
                        : failure("the token has no exp"),
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.expectedIssuer()),
                jwt -> jwt.getAudience() != null && jwt.getAudience().contains(properties.audience()) ? OAuth2TokenValidatorResult.success()
                        : failure("the token is not for audience " + properties.audience())));
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
