package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/**
 * Without a valid bearer token nothing but the CapabilityStatement, the SMART configuration and actuator health and
 * info answers: no token, a malformed, expired, not-yet-valid, wrongly signed, other-issuer or other-audience token
 * gets 401 unauthenticated with WWW-Authenticate: Bearer error="invalid_token" — also the fast read path, the
 * operations, the transaction endpoint and /medcom/ggop.
 */
abstract class AuthenticationTests extends IntegrationTest {
    private static final List<String> READS = List.of("Patient", "Patient?identifier=x", "ServiceRequest", "Organization",
            "Condition", "EpisodeOfCare", "Appointment", "Observation", "DocumentReference", "Task", "Practitioner",
            "HealthcareService", "PlanDefinition", "Patient/unknown", "ServiceRequest/unknown/_history",
            "ServiceRequest/unknown/$original", "Binary/unknown", "AuditEvent");

    @org.junit.jupiter.api.extension.RegisterExtension
    final dk.rehab.adapter.support.CapturedLog log = new dk.rehab.adapter.support.CapturedLog();

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    /**
     * Spring Security's filter chain is registered without the wrapper that runs Spring MVC's handler
     * lookup for every request, and nothing needed that lookup: the token checks still answer (401 without a token, 200
     * with one, on the fast read path, a search, the actuator), and Spring MVC never warns that its cache was missing.
     */
    @Test
    void theSecurityFilterChainRunsNoHandlerLookupPerRequest() {
        Object chain = context.getBean("springSecurityFilterChain");
        assertThat(chain).isInstanceOf(org.springframework.security.web.FilterChainProxy.class);
        assertThat(chain.getClass().getName()).doesNotContain("WebMvc");
        String id = plan();
        assertThat(http.get("/ServiceRequest/" + id).status()).isEqualTo(200);
        assertThat(http.get("/ServiceRequest?_count=1").status()).isEqualTo(200);
        assertUnauthenticated(http.withoutToken().get("/ServiceRequest/" + id), null);
        assertThat(root().getWith("/actuator/metrics", "Accept", "application/json").status()).isEqualTo(200);
        assertThat(root().withoutToken().getWith("/actuator/metrics", "Accept", "application/json").status()).isEqualTo(401);
        assertThat(log.events()).noneMatch(event -> event.getFormattedMessage().contains("Cache miss"));
    }

    private Http root() {
        return http.at("http://localhost:" + port);
    }

    private static void assertUnauthenticated(Http.Response response, String token) {
        OperationOutcome outcome = response.assertError(401, "unauthenticated");
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
        if (token != null && token.length() > 8) {
            assertThat(response.text()).doesNotContain(token);
            assertThat(response.header("WWW-Authenticate")).doesNotContain(token);
        }
    }

    /** A plan sent with the default (municipality) token; returns the plan's id. */
    private String plan() {
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(1));
        Http.Response response = http.post("", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(tx));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.resource(Bundle.class).getEntry().get(3).getResponse().getLocation().split("/")[1];
    }

    @Test
    void everyEndpointRefusesARequestWithoutAToken() {
        String planId = plan();
        Http anonymous = http.withoutToken();
        for (String path : READS) {
            assertUnauthenticated(anonymous.get(path), null);
        }
        // the stored-JSON read path, for a plan that exists
        assertUnauthenticated(anonymous.get("ServiceRequest/" + planId), null);
        assertUnauthenticated(anonymous.get("ServiceRequest/" + planId + "/_history/1"), null);
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(1));
        assertUnauthenticated(anonymous.post("", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(tx)), null);
        assertUnauthenticated(anonymous.post("$process-message", "application/fhir+json", "{\"resourceType\":\"Bundle\"}"), null);
        assertUnauthenticated(anonymous.post("Patient/_search", "application/x-www-form-urlencoded", "identifier=x"), null);
        assertUnauthenticated(anonymous.json("Patient", Plans.patient(Plans.newCpr())), null);
        assertUnauthenticated(anonymous.put("ServiceRequest/" + planId, "{\"resourceType\":\"ServiceRequest\"}"), null);
        assertUnauthenticated(anonymous.delete("ServiceRequest/" + planId), null);
        Http root = root().withoutToken();
        assertUnauthenticated(root.post("/medcom/ggop", "application/xml", "<Emessage/>"), null);
        assertUnauthenticated(root.getWith("/actuator/metrics", "Accept", "application/json"), null);
        assertUnauthenticated(root.getWith("/actuator/env", "Accept", "application/json"), null);
        // nothing was written by the refused transaction
        assertThat(http.get("ServiceRequest/" + planId).status()).isEqualTo(200);
    }

    @Test
    void badTokensAreRefused() {
        ECKey key = TestTokens.key();
        Instant now = Instant.now();
        ECKey stranger = generate();
        String valid = LocalTokens.mint(key, claims(now, now.plusSeconds(600), c -> c));
        List<String> bad = List.of(
                "abc",
                "a.b.c",
                valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA"),
                LocalTokens.mint(stranger, claims(now, now.plusSeconds(600), c -> c)),
                LocalTokens.mint(key, claims(now.minusSeconds(3600), now.minus(Duration.ofMinutes(5)), c -> c)),
                LocalTokens.mint(key, claims(now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(20)), c -> c)),
                LocalTokens.mint(key, claims(now, now.plusSeconds(600), c -> c.audience("another-server"))),
                LocalTokens.mint(key, claims(now, now.plusSeconds(600), c -> c.issuer("https://somebody.else"))),
                LocalTokens.mint(key, claims(now, now.plusSeconds(600), c -> c.expirationTime(null))),
                LocalTokens.mint(key, claims(now, now.plusSeconds(600), c -> c.claim(LocalTokens.KIND_CLAIM, "superuser"))),
                LocalTokens.mint(key, LocalTokens.claims(LocalSigningKey.ISSUER, LocalSigningKey.DEFAULT_AUDIENCE, ClientKind.HOSPITAL,
                        null, ClientKind.HOSPITAL.defaultScopes(), now, now.plusSeconds(600)).build()));
        for (String token : bad) {
            assertUnauthenticated(http.withToken(token).get("Patient"), token);
            assertUnauthenticated(http.withToken(token).get("metadata"), token);
        }
        assertUnauthenticated(http.withToken("").get("Patient"), null);
        assertThat(http.withToken(valid).get("Patient").status()).isEqualTo(200);
    }

    @Test
    void expiryAndNotBeforeHaveASmallClockSkew() {
        Instant now = Instant.now();
        String justExpired = LocalTokens.mint(TestTokens.key(), claims(now.minusSeconds(600), now.minusSeconds(20), c -> c));
        String almostValid = LocalTokens.mint(TestTokens.key(), claims(now.plusSeconds(20), now.plusSeconds(600), c -> c));
        assertThat(http.withToken(justExpired).get("Patient").status()).isEqualTo(200);
        assertThat(http.withToken(almostValid).get("Patient").status()).isEqualTo(200);
    }

    @Test
    void theTokenCommandsTokenIsAccepted() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = TokenCommand.run(new String[] {"--kind", "municipality", "--local-key", TestTokens.keyFile().toString()},
                new java.io.PrintStream(out, true), System.err);
        assertThat(status).isZero();
        String token = out.toString().trim();
        assertThat(http.withToken(token).get("Patient").status()).isEqualTo(200);
    }

    @Test
    void metadataIsOpenAndDeclaresTheSecurity() {
        Http.Response response = http.withoutToken().get("metadata");
        assertThat(response.status()).isEqualTo(200);
        CapabilityStatement.CapabilityStatementRestSecurityComponent security = response.resource(CapabilityStatement.class)
                .getRestFirstRep().getSecurity();
        assertThat(security.getServiceFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/restful-security-service");
        assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
        assertThat(security.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")
                .getExtensionByUrl("token").getValue().primitiveValue()).isEqualTo(LocalSigningKey.LOCAL_TOKEN_ENDPOINT);
    }

    @Test
    void smartConfigurationIsServedForBackendServices() throws Exception {
        for (Http.Response response : List.of(root().withoutToken().getWith("/.well-known/smart-configuration", "Accept", "application/json"),
                http.withoutToken().getWith(".well-known/smart-configuration", "Accept", "application/json"))) {
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            JsonNode smart = new ObjectMapper().readTree(response.text());
            assertThat(smart.path("token_endpoint").asText()).isEqualTo(LocalSigningKey.LOCAL_TOKEN_ENDPOINT);
            assertThat(smart.path("grant_types_supported").toString()).isEqualTo("[\"client_credentials\"]");
            assertThat(smart.path("token_endpoint_auth_methods_supported").toString()).isEqualTo("[\"private_key_jwt\"]");
            assertThat(smart.path("token_endpoint_auth_signing_alg_values_supported").toString()).contains("RS384", "ES384");
            assertThat(smart.path("scopes_supported").toString()).contains("system/ServiceRequest.crus", "system/AuditEvent.rs");
            assertThat(smart.path("capabilities").toString()).contains("client-confidential-asymmetric");
        }
    }

    @Test
    void whatTheFirewallRefusesIsAnOperationOutcome() {
        new dk.rehab.adapter.support.RawHttp(fhir, port).send("GET", "/fhir/Patient;jsessionid=1", null).assertError(400, "invalid-request");
        new dk.rehab.adapter.support.RawHttp(fhir, port).send("PROPFIND", "/fhir/Patient", null).assertError(405, "method-not-allowed");
    }

    @Test
    void healthAndInfoAreOpen() {
        Http root = root().withoutToken();
        assertThat(root.getWith("/actuator/health", "Accept", "application/json").status()).isEqualTo(200);
        assertThat(root.getWith("/actuator/health/liveness", "Accept", "application/json").status()).isEqualTo(200);
        assertThat(root.getWith("/actuator/info", "Accept", "application/json").status()).isEqualTo(200);
    }

    @Test
    void metricsAreForTheMunicipalityAndNothingElseIsExposed() {
        Http municipality = root();
        assertThat(municipality.getWith("/actuator/metrics", "Accept", "application/json").status()).isEqualTo(200);
        assertThat(municipality.getWith("/actuator/metrics/jvm.memory.used", "Accept", "application/json").status()).isEqualTo(200);
        Http hospital = root().withToken(TestTokens.of(ClientKind.HOSPITAL, Plans.uniqueSor()));
        hospital.getWith("/actuator/metrics", "Accept", "application/json").assertError(403, "forbidden");
        for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/configprops", "/actuator/loggers",
                "/actuator/threaddump", "/actuator/mappings", "/h2-console")) {
            assertThat(municipality.getWith(hidden, "Accept", "application/json").status()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void personalDataIsNotCachedNorSniffed() {
        String planId = plan();
        for (Http.Response response : List.of(http.get("ServiceRequest/" + planId), http.send("ServiceRequest/" + planId, "application/fhir+xml"),
                http.get("ServiceRequest?_id=" + planId), http.withoutToken().get("Patient"))) {
            assertThat(response.header("Cache-Control")).as(response.text()).contains("no-store");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Strict-Transport-Security")).as("no HSTS over plain HTTP").isNull();
        }
    }

    private static JWTClaimsSet claims(Instant notBefore, Instant expires, UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(LocalTokens.claims(LocalSigningKey.ISSUER, LocalSigningKey.DEFAULT_AUDIENCE, ClientKind.MUNICIPALITY, null,
                ClientKind.MUNICIPALITY.defaultScopes(), notBefore, expires)).build();
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).algorithm(JWSAlgorithm.ES256).keyID("stranger").generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
