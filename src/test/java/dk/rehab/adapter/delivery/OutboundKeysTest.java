package dk.rehab.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dk.rehab.adapter.fhir.Canonical;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client keys an endpoint's assertions are signed with, and which directory entry a URL's token comes from; no Spring. */
class OutboundKeysTest {
    @TempDir
    Path dir;

    private static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void rsaAndEcP384KeysAreReadFromJwkJwkSetAndPkcs8Pem() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
        ClientKey fromJwk = ClientKey.load(file("rsa.json", rsa.toJSONString()).toString(), null, "e");
        assertThat(fromJwk.algorithm()).isEqualTo(JWSAlgorithm.RS384);
        assertThat(fromJwk.keyId()).isEqualTo("k1");
        ClientKey fromSet = ClientKey.load(file("set.json", new JWKSet(List.of(rsa.toPublicJWK(), rsa)).toString(false)).toString(), "other", "e");
        assertThat(fromSet.keyId()).as("key-id overrides").isEqualTo("other");

        ClientKey fromPem = ClientKey.load(file("rsa.pem", pem(rsa.toPrivateKey())).toString(), null, "e");
        assertThat(fromPem.algorithm()).isEqualTo(JWSAlgorithm.RS384);
        assertThat(fromPem.keyId()).as("the RFC 7638 thumbprint").isEqualTo(rsa.computeThumbprint().toString());
        assertThat(ClientKey.load(pem(rsa.toPrivateKey()), null, "e").algorithm()).as("an inline PEM").isEqualTo(JWSAlgorithm.RS384);

        ECKey ec = new ECKeyGenerator(Curve.P_384).keyID("ec1").generate();
        assertThat(ClientKey.load(file("ec.json", ec.toJSONString()).toString(), null, "e").algorithm()).isEqualTo(JWSAlgorithm.ES384);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        Path ecPem = file("ec.pem", pem(generator.generateKeyPair().getPrivate()));
        assertThat(ClientKey.load(ecPem.toString(), "ec-kid", "e").algorithm()).isEqualTo(JWSAlgorithm.ES384);
        assertThatThrownBy(() -> ClientKey.load(ecPem.toString(), null, "e")).hasMessageContaining("key-id");
    }

    @Test
    void unusableKeysStopTheStartWithoutShowingTheKey() throws Exception {
        ECKey p256 = new ECKeyGenerator(Curve.P_256).generate();
        assertThatThrownBy(() -> ClientKey.load(file("p256.json", p256.toJSONString()).toString(), null, "e")).hasMessageContaining("P-384");
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        assertThatThrownBy(() -> ClientKey.load(file("public.json", rsa.toPublicJWK().toJSONString()).toString(), null, "e"))
                .hasMessageContaining("no private key");
        Path garbage = file("garbage.pem", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXNlY3JldA==\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ClientKey.load(garbage.toString(), null, "e")).hasMessageContaining(garbage.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0"));
        assertThatThrownBy(() -> ClientKey.load(dir.resolve("missing.json").toString(), null, "e")).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> ClientKey.load(null, null, "e")).hasMessageContaining("private key");
    }

    @Test
    void aUrlGetsTheTokenOfTheEntryWithTheLongestBaseThatHoldsIt() {
        DeliveryProperties.Endpoint protectedGp = new DeliveryProperties.Endpoint(Canonical.SYSTEM_YDERNUMMER, "1", "https://gp.example/fhir/", null,
                "https://auth.example/token", "me", "k", null, null);
        DeliveryProperties.Endpoint plain = new DeliveryProperties.Endpoint(Canonical.SYSTEM_YDERNUMMER, "2", "https://gp.example/fhir/plain", null);
        EndpointDirectory directory = new EndpointDirectory(new DeliveryProperties(true, Duration.ofSeconds(1), 5, Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(3), 20, List.of(protectedGp, plain)));
        assertThat(directory.authorisationFor("https://gp.example/fhir")).contains(protectedGp);
        assertThat(directory.authorisationFor("https://gp.example/fhir/acks")).contains(protectedGp);
        assertThat(directory.authorisationFor("https://gp.example/fhir/plain")).isEmpty();
        assertThat(directory.authorisationFor("https://gp.example/fhirx")).as("at a path boundary only").isEmpty();
        assertThat(directory.authorisationFor("https://elsewhere.example/fhir")).isEmpty();
        assertThatThrownBy(() -> new EndpointDirectory(new DeliveryProperties(true, Duration.ofSeconds(1), 5, Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(3), 20, List.of(protectedGp,
                new DeliveryProperties.Endpoint(Canonical.SYSTEM_GLN, "3", "https://gp.example/fhir", null)))))
                .hasMessageContaining("share one authorisation");
    }

    @Test
    void withATokenEndpointTheLeaseMustOutlastFourCalls() {
        DeliveryProperties.Endpoint protectedGp = new DeliveryProperties.Endpoint(Canonical.SYSTEM_YDERNUMMER, "1", "https://gp.example/fhir/", null,
                "https://auth.example/token", "me", "k", null, null);
        DeliveryProperties.Endpoint plain = new DeliveryProperties.Endpoint(Canonical.SYSTEM_YDERNUMMER, "2", "https://gp.example/fhir/plain", null);
        java.util.function.Function<List<DeliveryProperties.Endpoint>, DeliveryProperties> twoMinutes = endpoints -> new DeliveryProperties(true,
                Duration.ofSeconds(1), 5, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMinutes(2), 20, endpoints);
        assertThat(twoMinutes.apply(List.of(plain)).lease()).as("one call: 2 min > 35 s").isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> twoMinutes.apply(List.of(protectedGp, plain)))
                .hasMessageContaining("4 x (connect-timeout + timeout)").hasMessageContaining("token-url");
    }
}
