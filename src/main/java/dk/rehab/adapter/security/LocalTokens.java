package dk.rehab.adapter.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Signs tokens with the local key: what the {@code token} command prints, and what the tests send. */
public final class LocalTokens {
    public static final String KIND_CLAIM = "client_kind";
    public static final String ID_CLAIM = "organization_id";

    private LocalTokens() {
    }

    /** A token for a client of {@code kind} (with its default scopes), valid from now for {@code lifetime}. */
    public static String mint(ECKey key, String audience, ClientKind kind, String id, Duration lifetime) {
        Instant now = Instant.now();
        return mint(key, claims(LocalSigningKey.ISSUER, audience, kind, id, kind.defaultScopes(), now, now.plus(lifetime)).build());
    }

    /** The claims of a token as {@link #mint(ECKey, String, ClientKind, String, Duration)} writes them, to adjust. */
    public static JWTClaimsSet.Builder claims(String issuer, String audience, ClientKind kind, String id, String scopes,
                                              Instant notBefore, Instant expires) {
        String subject = kind.claimValue() + (id == null ? "" : ":" + id);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject)
                .issueTime(Date.from(notBefore)).notBeforeTime(Date.from(notBefore)).expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString()).claim(KIND_CLAIM, kind.claimValue()).claim("scope", scopes);
        if (id != null) {
            claims.claim(ID_CLAIM, id);
        }
        return claims;
    }

    /** Signs {@code claims} with {@code key} (ES256). */
    public static String mint(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}
