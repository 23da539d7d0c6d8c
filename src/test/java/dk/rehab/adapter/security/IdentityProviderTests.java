package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With an identity provider configured (issuer and a JWKS file), its tokens are accepted and the local key is never
 * used: not created, and its tokens refused.
 */
abstract class IdentityProviderTests extends IntegrationTest {
    static final String ISSUER = "https://idp.region.test/realms/rehab";
    static final RSAKey IDP_KEY = rsa("idp-1");
    static final Path LOCAL_KEY = Path.of("target", "security", "unused-" + UUID.randomUUID() + ".json").toAbsolutePath();

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) throws IOException {
        Path jwks = Path.of("target", "security", "idp-" + UUID.randomUUID() + ".json").toAbsolutePath();
        Files.createDirectories(jwks.getParent());
        Files.writeString(jwks, new JWKSet(IDP_KEY.toPublicJWK()).toString());
        registry.add("adapter.security.issuer", () -> ISSUER);
        registry.add("adapter.security.jwks", jwks::toString);
        registry.add("adapter.security.local-key", LOCAL_KEY::toString);
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS384).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(RSAKey key, String issuer) {
        Instant now = Instant.now();
        JWTClaimsSet claims = LocalTokens.claims(issuer, LocalSigningKey.DEFAULT_AUDIENCE, ClientKind.MUNICIPALITY, null,
                "system/*.cruds", now, now.plusSeconds(300)).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theIdentityProvidersTokensAreAcceptedAndTheLocalKeyIsNotUsed() {
        assertThat(http.withToken(sign(IDP_KEY, ISSUER)).get("Patient").status()).isEqualTo(200);
        assertThat(Files.exists(LOCAL_KEY)).as("local key created although an issuer is configured").isFalse();
        // a locally signed token (the tests' default), a token of another key, a token of another issuer
        http.get("Patient").assertError(401, "unauthenticated");
        String localKeyToken = LocalTokens.mint(TestTokens.key(), LocalTokens.claims(ISSUER, LocalSigningKey.DEFAULT_AUDIENCE,
                ClientKind.MUNICIPALITY, null, "system/*.cruds", Instant.now(), Instant.now().plusSeconds(300)).build());
        http.withToken(localKeyToken).get("Patient").assertError(401, "unauthenticated");
        http.withToken(sign(rsa("idp-1"), ISSUER)).get("Patient").assertError(401, "unauthenticated");
        http.withToken(sign(IDP_KEY, "https://other.test")).get("Patient").assertError(401, "unauthenticated");
    }

    @Test
    void theTokenEndpointIsTheIssuers() {
        Http.Response response = http.withoutToken().get("metadata");
        assertThat(response.resource(CapabilityStatement.class).getRestFirstRep().getSecurity()
                .getExtensionByUrl(SecurityCapabilities.OAUTH_URIS).getExtensionByUrl("token").getValue().primitiveValue())
                .isEqualTo(ISSUER + "/token");
        Http.Response smart = http.withoutToken().getWith(".well-known/smart-configuration", "Accept", "application/json");
        assertThat(smart.text()).contains("\"issuer\":\"" + ISSUER + "\"", "\"token_endpoint\":\"" + ISSUER + "/token\"");
    }
}
