package dk.rehab.adapter.security;

import java.util.Collection;
import java.util.Optional;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads the {@link Caller} out of a validated token, with the configured claim names. A token that names no known
 * client kind, or a hospital or GP without its organisation id, is not a token for this server: 401, as any
 * invalid token.
 */
final class CallerConverter implements Converter<Jwt, AbstractAuthenticationToken> {
    private final SecurityProperties.Claims claims;
    /**
     * The Caller read from each verified token, by the token's identity: {@link CachingJwtDecoder} hands out the same
     * Jwt for the same token, so a client sending one token with every request has its claims and scopes read once
     * (parsing the scopes was 2–3 % of a read by id, JFR). Weak keys: an entry goes with its token.
     */
    private final com.github.benmanes.caffeine.cache.Cache<Jwt, Caller> callers =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    CallerConverter(SecurityProperties.Claims claims) {
        this.claims = claims;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Caller known = callers.getIfPresent(jwt);
        if (known == null) {
            known = caller(jwt); // throws for a token that names no client kind: never remembered
            callers.put(jwt, known);
        }
        return new CallerAuthentication(known, jwt);
    }

    private Caller caller(Jwt jwt) {
        Optional<ClientKind> kind = ClientKind.of(jwt.getClaimAsString(claims.kind()));
        if (kind.isEmpty()) {
            throw invalid("the token names no known client kind in claim " + claims.kind());
        }
        String organisation = jwt.getClaimAsString(claims.id());
        if ((organisation == null || organisation.isBlank()) && (kind.get() == ClientKind.HOSPITAL || kind.get() == ClientKind.GP
                || kind.get() == ClientKind.OTHER_MUNICIPALITY)) {
            throw invalid("a " + kind.get().claimValue() + " token must name its organisation in claim " + claims.id());
        }
        String subject = jwt.getSubject() != null ? jwt.getSubject() : kind.get().claimValue();
        return new Caller(kind.get(), organisation, subject, Scope.parseAll(scopes(jwt.getClaim(claims.scope()))));
    }

    private static String scopes(Object claim) {
        if (claim instanceof Collection<?> list) {
            return String.join(" ", list.stream().map(String::valueOf).toList());
        }
        return claim == null ? "" : claim.toString();
    }

    private static OAuth2AuthenticationException invalid(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
