package dk.rehab.adapter.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers tokens it has verified, so a client sending the same token with every request pays for the signature
 * check (about 1–2 ms of CPU for ES256 or RS256 here) once, not per request. The key is the whole token, so only
 * the exact bytes already verified are taken from memory; on every use the time checks (exp, nbf, with the skew)
 * run again, and an entry is forgotten after at most {@code retention} even if the token lives longer (a key
 * removed at the identity provider stops counting after that).
 */
final class CachingJwtDecoder implements JwtDecoder {
    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> timeChecks;
    private final Cache<String, Jwt> verified;

    CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> timeChecks, int size, Duration retention) {
        this.delegate = delegate;
        this.timeChecks = timeChecks;
        this.verified = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(retention).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null) {
            var result = timeChecks.validate(known);
            if (result.hasErrors()) {
                verified.invalidate(token);
                throw new JwtValidationException(result.getErrors().iterator().next().getDescription(), result.getErrors());
            }
            return known;
        }
        Jwt jwt = delegate.decode(token);
        verified.put(token, jwt);
        return jwt;
    }
}
