package dk.rehab.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.CourseFixtures;
import dk.rehab.adapter.support.FhirReceiver;
import dk.rehab.adapter.support.FinishedCourses;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TokenServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Outbound calls authenticate: the GP's and one hospital's FHIR servers (small HAPI servers in the test) and a hospital's
 * acknowledgement endpoint accept only bearer tokens from their authorisation server (a small token endpoint in the test
 * that checks every client assertion: signature against the client's public key, alg, kid, iss = sub, aud, exp, jti
 * not reused). The adapter gets a token by client credentials with private_key_jwt — an RSA key from a JWK file for the
 * GP and the acknowledgements, an EC P-384 key from a PKCS#8 PEM for the hospital — reuses it, gets a fresh one after a
 * 401, and when the token endpoint is down or refuses, the delivery's Task says why and the delivery goes through once it
 * answers again. A hospital without token configuration still gets its final status, without a token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OutboundAuthTests {
    private static final String GP_YDERNUMMER = "012345";
    private static final String GP_CLIENT = "rehab-adapter-gp-" + UUID.randomUUID();
    private static final String HOSPITAL_CLIENT = "rehab-adapter-hospital";
    private static final String ACK_CLIENT = "rehab-adapter-acks";
    private static final String HOSPITAL_KID = "hospital-key-1";

    protected abstract Map<String, Object> database(String name);

    @org.junit.jupiter.api.extension.RegisterExtension
    final dk.rehab.adapter.support.CapturedLog log = new dk.rehab.adapter.support.CapturedLog();

    private final FhirContext fhir = FhirContext.forR4Cached();
    private TokenServer gpAuth;
    private TokenServer hospitalAuth;
    private FhirReceiver gp;
    private FhirReceiver hospital;
    private FhirReceiver plainHospital;
    private HttpServer acks;
    private final List<String> ackAuthorizations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> acksDelivered = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ack401 = new AtomicInteger();
    /** While above zero, the acknowledgement endpoint refuses (400) a valid delivery, counting down. */
    private final AtomicInteger ackRefusals = new AtomicInteger();
    private String ackBase;
    private String hospitalGln;
    private String plainGln;
    private ConfigurableApplicationContext app;
    private Http http;
    private FinishedCourses toProtected;
    private FinishedCourses toPlain;

    @BeforeAll
    void start() throws Exception {
        Path keys = Files.createTempDirectory("outbound-keys");
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("adapter-rsa-1").algorithm(JWSAlgorithm.RS384).generate();
        Path jwkFile = keys.resolve("adapter-rsa.jwk.json");
        Files.writeString(jwkFile, rsa.toJSONString());
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair ec = ecGenerator.generateKeyPair();
        Path pemFile = keys.resolve("adapter-ec.pem");
        Files.writeString(pemFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ec.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        ECKey ecPublic = new ECKey.Builder(Curve.P_384, (ECPublicKey) ec.getPublic()).keyID(HOSPITAL_KID).build();
        assertThat(ec.getPrivate()).isInstanceOf(ECPrivateKey.class);

        gpAuth = new TokenServer().register(GP_CLIENT, rsa).register(ACK_CLIENT, rsa);
        hospitalAuth = new TokenServer().register(HOSPITAL_CLIENT, ecPublic);
        gp = new FhirReceiver(fhir);
        gp.requireToken(token -> gpAuth.valid(token, GP_CLIENT));
        hospital = new FhirReceiver(fhir);
        hospital.requireToken(token -> hospitalAuth.valid(token, HOSPITAL_CLIENT));
        plainHospital = new FhirReceiver(fhir);
        acks = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        acks.createContext("/fhir/$process-message", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            ackAuthorizations.add(authorization == null ? "" : authorization);
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean ok = authorization != null && authorization.startsWith("Bearer ") && gpAuth.valid(authorization.substring(7), ACK_CLIENT);
            if (ok && ackRefusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            if (ok) {
                acksDelivered.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            } else {
                ack401.incrementAndGet();
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            }
            exchange.sendResponseHeaders(ok ? 200 : 401, -1);
            exchange.close();
        });
        acks.start();
        ackBase = "http://localhost:" + acks.getAddress().getPort() + "/fhir";

        long base = 579000000000L + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 999990);
        hospitalGln = Plans.gln(String.valueOf(base));
        plainGln = Plans.gln(String.valueOf(base + 1));
        Map<String, Object> p = new HashMap<>(database("it_outauth_" + UUID.randomUUID().toString().substring(0, 8)));
        p.put("server.port", "0");
        p.put("adapter.delivery.poll-interval", "200ms");
        p.put("adapter.delivery.initial-backoff", "300ms");
        p.put("adapter.delivery.max-backoff", "600ms");
        p.put("adapter.delivery.timeout", "2s");
        p.put("adapter.delivery.connect-timeout", "500ms");
        p.put("adapter.delivery.lease", "12s");
        p.put("adapter.delivery.max-attempts", "40");
        p.put("adapter.delivery.endpoints[0].system", Canonical.SYSTEM_YDERNUMMER);
        p.put("adapter.delivery.endpoints[0].value", GP_YDERNUMMER);
        p.put("adapter.delivery.endpoints[0].url", gp.base());
        p.put("adapter.delivery.endpoints[0].token-url", gpAuth.tokenUrl());
        p.put("adapter.delivery.endpoints[0].client-id", GP_CLIENT);
        p.put("adapter.delivery.endpoints[0].key", jwkFile.toString());
        p.put("adapter.delivery.endpoints[0].scope", "system/DocumentReference.c");
        p.put("adapter.delivery.endpoints[1].system", Canonical.SYSTEM_GLN_HTTPS);
        p.put("adapter.delivery.endpoints[1].value", hospitalGln);
        p.put("adapter.delivery.endpoints[1].url", hospital.base());
        p.put("adapter.delivery.endpoints[1].token-url", hospitalAuth.tokenUrl());
        p.put("adapter.delivery.endpoints[1].client-id", HOSPITAL_CLIENT);
        p.put("adapter.delivery.endpoints[1].key", pemFile.toString());
        p.put("adapter.delivery.endpoints[1].key-id", HOSPITAL_KID);
        p.put("adapter.delivery.endpoints[2].system", Canonical.SYSTEM_GLN_HTTPS);
        p.put("adapter.delivery.endpoints[2].value", plainGln);
        p.put("adapter.delivery.endpoints[2].url", plainHospital.base());
        p.put("adapter.delivery.endpoints[3].system", Canonical.SYSTEM_SOR);
        p.put("adapter.delivery.endpoints[3].value", Messages.HOSPITAL_SOR);
        p.put("adapter.delivery.endpoints[3].url", ackBase);
        p.put("adapter.delivery.endpoints[3].token-url", gpAuth.tokenUrl());
        p.put("adapter.delivery.endpoints[3].client-id", ACK_CLIENT);
        p.put("adapter.delivery.endpoints[3].key", jwkFile.toString());
        p.put("adapter.delivery.endpoints[3].scope", "system/Bundle.c");
        p.put("adapter.messaging.ack-endpoints", ackBase);
        p.put("adapter.messaging.delivery-interval", "PT0.2S");
        p.put("adapter.messaging.initial-backoff", "PT0.2S");
        p.put("adapter.messaging.max-backoff", "PT0.5S");
        p.put("adapter.messaging.max-attempts", "40");
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        app = new SpringApplicationBuilder(RehabAdapterApplication.class).run(args);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        http = new Http(app.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
        CourseFixtures fixtures = new CourseFixtures(app);
        toProtected = new FinishedCourses(http, fixtures, GP_YDERNUMMER, hospitalGln);
        toPlain = new FinishedCourses(http, fixtures, GP_YDERNUMMER, plainGln);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {gp, hospital, plainHospital, gpAuth, hospitalAuth}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing
            }
        }
        if (acks != null) {
            acks.stop(0);
        }
    }

    private List<Task> tasks(String documentId) {
        return http.get("Task?focus=DocumentReference/" + documentId).resource(Bundle.class).getEntry().stream()
                .map(e -> (Task) e.getResource()).toList();
    }

    /** The delivery to the GP (by ydernummer) or to the hospital (the plan's Organization) of a final status. */
    private Task task(String documentId, String recipient) {
        boolean toGp = GP_YDERNUMMER.equals(recipient);
        return tasks(documentId).stream().filter(t -> t.getDescription().contains("the citizen's GP") == toGp).findFirst().orElseThrow();
    }

    private static String state(Task t) {
        return t.getBusinessStatus().getCodingFirstRep().getCode();
    }

    private List<Task> await(String documentId, Predicate<List<Task>> done) {
        long until = System.currentTimeMillis() + 25_000;
        List<Task> tasks = tasks(documentId);
        while (!done.test(tasks) && System.currentTimeMillis() < until) {
            sleep(150);
            tasks = tasks(documentId);
        }
        assertThat(done.test(tasks)).as("tasks %s", tasks.stream().map(t -> state(t) + " " + t.getStatusReason().getText()).toList()).isTrue();
        return tasks;
    }

    private static boolean allDelivered(List<Task> tasks) {
        return tasks.size() == 2 && tasks.stream().allMatch(t -> "delivered".equals(state(t)));
    }

    private static long received(FhirReceiver receiver, String documentId) {
        return receiver.documents().stream().filter(d -> documentId.equals(d.getMasterIdentifier().getValue())).count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** No log line of this test holds a token or a client assertion (a JWT starts eyJ); the token requests were logged. */
    private void assertNoTokenLogged() {
        List<String> lines = log.events().stream().map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).as("the capture is attached").anyMatch(l -> l.contains("access token from"));
        java.util.Set<String> tokens = new java.util.HashSet<>(gpAuth.everIssued());
        tokens.addAll(hospitalAuth.everIssued());
        assertThat(lines).noneMatch(l -> l.contains("eyJ") || tokens.stream().anyMatch(l::contains));
    }

    private void assertNoViolations() {
        assertThat(gpAuth.violations()).as("every client assertion was what SMART Backend Services asks for").isEmpty();
        assertThat(hospitalAuth.violations()).as("every client assertion was what SMART Backend Services asks for").isEmpty();
    }

    @Test
    @Order(1)
    void theFinalStatusArrivesWithATokenFromEachReceiversAuthorisationServer() {
        String id = toProtected.finish().getIdElement().getIdPart();
        await(id, OutboundAuthTests::allDelivered);

        assertThat(received(gp, id)).isEqualTo(1);
        assertThat(received(hospital, id)).isEqualTo(1);
        assertThat(gp.authorizations()).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("Bearer "));
        assertThat(gp.authorizations()).allMatch(a -> gpAuth.valid(a.substring(7), GP_CLIENT));
        assertThat(hospital.authorizations()).isNotEmpty().allMatch(a -> hospitalAuth.valid(a.substring(7), HOSPITAL_CLIENT));
        assertThat(gpAuth.granted(GP_CLIENT)).isEqualTo(1);
        assertThat(gpAuth.scope(GP_CLIENT)).isEqualTo("system/DocumentReference.c");
        assertThat(hospitalAuth.granted(HOSPITAL_CLIENT)).as("the EC P-384 key from the PEM file, ES384").isEqualTo(1);
        assertThat(hospitalAuth.scope(HOSPITAL_CLIENT)).as("no scope configured, none asked for").isEmpty();
        assertThat(gp.unauthorised() + hospital.unauthorised()).isZero();
        assertNoViolations();
        // each delivery sent out is in the audit trail, committed with its Task's new state: the citizen, the document,
        // the Task, the receiver as the destination
        DocumentReference document = http.get("DocumentReference/" + id).resource(DocumentReference.class);
        List<org.hl7.fhir.r4.model.AuditEvent> sent = exports(document.getSubject().getReference());
        assertThat(sent).hasSize(2).allSatisfy(event -> {
            assertThat(event.getOutcome().toCode()).isEqualTo("0");
            assertThat(event.getEntity()).extracting(en -> en.getWhat().getReference())
                    .contains(document.getSubject().getReference(), "DocumentReference/" + id).anyMatch(r -> r.startsWith("Task/"));
        });
        assertThat(sent).flatExtracting(org.hl7.fhir.r4.model.AuditEvent::getAgent).filteredOn(a -> !a.getRequestor())
                .extracting(a -> a.getWho().getIdentifier().getValue()).contains(GP_YDERNUMMER);
    }

    /** The export-type (110106) AuditEvents of {@code patient}, oldest first, as the auditor finds them. */
    private List<org.hl7.fhir.r4.model.AuditEvent> exports(String patient) {
        Http auditor = http.withToken(dk.rehab.adapter.support.TestTokens.of(dk.rehab.adapter.security.ClientKind.AUDITOR, null));
        return auditor.get("AuditEvent?type=110106&patient=" + patient + "&_sort=date").resource(Bundle.class).getEntry().stream()
                .map(e -> (org.hl7.fhir.r4.model.AuditEvent) e.getResource()).toList();
    }

    @Test
    @Order(2)
    void oneTokenServesManyDeliveries() {
        int before = gpAuth.granted(GP_CLIENT);
        int hospitalBefore = hospitalAuth.granted(HOSPITAL_CLIENT);
        int requestsBefore = gpAuth.requests.get();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(toProtected.finish().getIdElement().getIdPart());
        }
        for (String id : ids) {
            await(id, OutboundAuthTests::allDelivered);
            assertThat(received(gp, id)).isEqualTo(1);
            assertThat(received(hospital, id)).isEqualTo(1);
        }
        assertThat(gpAuth.granted(GP_CLIENT)).as("the cached token, for three more deliveries").isEqualTo(before);
        assertThat(gpAuth.requests.get()).isEqualTo(requestsBefore);
        assertThat(hospitalAuth.granted(HOSPITAL_CLIENT)).isEqualTo(hospitalBefore);
        assertThat(gp.authorizations().stream().distinct().count()).as("one token at the GP so far").isEqualTo(1);
    }

    @Test
    @Order(3)
    void aRevokedTokenIsAnswered401ThenRefreshedOnceAndTheDeliveryGoesThrough() {
        int before = gpAuth.granted(GP_CLIENT);
        int hospitalBefore = hospitalAuth.granted(HOSPITAL_CLIENT);
        int unauthorisedBefore = gp.unauthorised();
        gpAuth.revokeAll();
        hospitalAuth.revokeAll();

        String id = toProtected.finish().getIdElement().getIdPart();
        List<Task> tasks = await(id, OutboundAuthTests::allDelivered);

        assertThat(received(gp, id)).isEqualTo(1);
        assertThat(received(hospital, id)).isEqualTo(1);
        assertThat(gp.unauthorised() - unauthorisedBefore).as("the stale token, once").isEqualTo(1);
        assertThat(gpAuth.granted(GP_CLIENT) - before).as("one fresh token").isEqualTo(1);
        assertThat(hospitalAuth.granted(HOSPITAL_CLIENT) - hospitalBefore).isEqualTo(1);
        assertThat(tasks).allSatisfy(t -> assertThat(t.getOutput()).anySatisfy(o -> {
            assertThat(o.getType().getText()).isEqualTo("attempts");
            assertThat(o.getValue().primitiveValue()).as("the refresh is part of the same attempt").isEqualTo("1");
        }));
        assertNoViolations();
        assertNoTokenLogged();
    }

    @Test
    @Order(4)
    void aTokenEndpointThatRefusesMakesTheTaskSaySoAndTheDeliveryGoesThroughWhenItAcceptsAgain() {
        gpAuth.revokeAll();
        gpAuth.refuse("the client's key is not registered yet");

        DocumentReference doc = toProtected.finish();
        String id = doc.getIdElement().getIdPart();
        List<Task> waiting = await(id, t -> t.size() == 2 && "retrying".equals(state(task(id, GP_YDERNUMMER))));
        Task gpTask = task(id, GP_YDERNUMMER);
        assertThat(gpTask.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
        assertThat(gpTask.getStatusReason().getText()).contains(gpAuth.tokenUrl()).contains("refused").contains("invalid_client")
                .contains(GP_CLIENT).contains("not registered yet").doesNotContain("Bearer");
        assertThat(received(gp, id)).isZero();
        assertThat(waiting).hasSize(2);

        gpAuth.refuse(null);
        await(id, OutboundAuthTests::allDelivered);
        assertThat(received(gp, id)).isEqualTo(1);
        assertThat(task(id, GP_YDERNUMMER).hasStatusReason()).isFalse();
        assertNoTokenLogged();
    }

    @Test
    @Order(5)
    void aTokenEndpointThatIsDownMakesTheTaskSaySoAndTheDeliveryGoesThroughWhenItIsBack() {
        hospitalAuth.revokeAll();
        hospitalAuth.stop();
        try {
            String id = toProtected.finish().getIdElement().getIdPart();
            await(id, t -> t.size() == 2 && "retrying".equals(state(task(id, hospitalGln))));
            Task hospitalTask = task(id, hospitalGln);
            assertThat(hospitalTask.getStatusReason().getText()).contains("cannot get an access token").contains(hospitalAuth.tokenUrl())
                    .contains("did not answer");
            assertThat(received(hospital, id)).isZero();

            hospitalAuth.restart();
            await(id, OutboundAuthTests::allDelivered);
            assertThat(received(hospital, id)).isEqualTo(1);
        } finally {
            hospitalAuth.restart();
        }
        assertNoViolations();
    }

    @Test
    @Order(6)
    void anEndpointWithoutTokenConfigurationStillGetsItsFinalStatusWithoutAToken() {
        String id = toPlain.finish().getIdElement().getIdPart();
        await(id, OutboundAuthTests::allDelivered);
        assertThat(received(plainHospital, id)).isEqualTo(1);
        assertThat(plainHospital.authorizations()).isNotEmpty().allMatch(String::isEmpty);
        assertThat(received(gp, id)).as("the same plan's GP copy, with a token").isEqualTo(1);
    }

    @Test
    @Order(7)
    void acknowledgementsGoOutWithATokenAndARevokedOneIsRefreshed() {
        int before = gpAuth.granted(ACK_CLIENT);
        Bundle message = Messages.newPlan(Plans.newCpr(), LocalDate.now().minusDays(1));
        Messages.header(message).getSource().setEndpoint(ackBase);
        assertThat(http.json("$process-message", message).status()).isEqualTo(200);
        awaitAcks(1);
        assertThat(gpAuth.granted(ACK_CLIENT) - before).isEqualTo(1);
        assertThat(gpAuth.scope(ACK_CLIENT)).isEqualTo("system/Bundle.c");
        assertThat(ack401.get()).isZero();

        gpAuth.revokeAll();
        Bundle second = Messages.newPlan(Plans.newCpr(), LocalDate.now().minusDays(1));
        Messages.header(second).getSource().setEndpoint(ackBase);
        assertThat(http.json("$process-message", second).status()).isEqualTo(200);
        awaitAcks(2);
        assertThat(ack401.get()).as("the revoked token, once").isEqualTo(1);
        assertThat(gpAuth.granted(ACK_CLIENT) - before).isEqualTo(2);
        assertThat(ackAuthorizations).allSatisfy(a -> assertThat(a).startsWith("Bearer "));
        assertNoViolations();
        assertNoTokenLogged();
    }

    /**
     * Every acknowledgement sent out is in the audit trail, committed with the attempt's outcome: a 110106 (export)
     * event for the citizen, naming the plan and the acknowledgement, with the sending hospital as the destination; an
     * attempt the receiver refused is there too, as refused (outcome 4), before the one that got through.
     */
    @Test
    @Order(8)
    void eachAcknowledgementSentOutAndEachRefusedAttemptIsAudited() {
        String cpr = Plans.newCpr();
        Bundle message = Messages.newPlan(cpr, LocalDate.now().minusDays(1));
        Messages.header(message).getSource().setEndpoint(ackBase);
        int delivered = acksDelivered.size();
        ackRefusals.set(1);
        assertThat(http.json("$process-message", message).status()).isEqualTo(200);
        awaitAcks(delivered + 1);
        String patient = "Patient/" + http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class)
                .getEntryFirstRep().getResource().getIdElement().getIdPart();
        String plan = "ServiceRequest/" + http.get("ServiceRequest?subject=" + patient).resource(Bundle.class)
                .getEntryFirstRep().getResource().getIdElement().getIdPart();
        long until = System.currentTimeMillis() + 10_000;
        List<org.hl7.fhir.r4.model.AuditEvent> sent = List.of();
        while (System.currentTimeMillis() < until) { // the row's outcome commits just after the receiver answered
            sent = exports(patient);
            if (sent.size() >= 2) {
                break;
            }
            sleep(100);
        }
        assertThat(sent).extracting(e -> e.getOutcome().toCode()).containsExactly("4", "0");
        for (org.hl7.fhir.r4.model.AuditEvent event : sent) {
            assertThat(event.getEntity()).extracting(en -> en.getWhat().getReference()).contains(patient, plan)
                    .anyMatch(reference -> reference.startsWith("Bundle/"));
            assertThat(event.getAgent()).anyMatch(a -> a.getWho().hasIdentifier() && Messages.HOSPITAL_SOR.equals(a.getWho().getIdentifier().getValue())
                    && !a.getRequestor() && "localhost".equals(a.getNetwork().getAddress()));
        }
        assertThat(sent.get(0).getOutcomeDesc()).contains("refused by the receiver").contains("400");
        assertThat(sent.get(1).getOutcomeDesc()).isEqualTo("delivered");
    }

    private void awaitAcks(int count) {
        long until = System.currentTimeMillis() + 20_000;
        while (acksDelivered.size() < count && System.currentTimeMillis() < until) {
            sleep(100);
        }
        assertThat(acksDelivered).hasSize(count);
    }
}
