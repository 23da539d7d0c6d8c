package dk.rehab.adapter.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.FhirReceiver;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two adapters hand a citizen over. Adapter A (this project's default municipality) transfers a plan with
 * {@code $transfer}: to adapter B (configured as municipality 0101) directly, through A's outbox with a token from B's
 * (test) authorisation server, which B validates; and to 0101's endpoint captured by a FHIR server, whose bundle is then
 * posted, as it was sent, to B with an other-municipality token in A's name. B stores it as its own plan exactly once,
 * acknowledges it, records A as {@code transferred-from} and keeps the hospital as requester; only another municipality in
 * its own name (or the municipality itself) may send one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TransferReceiptTests {
    private static final String B_CODE = "0101";
    private static final String A_SOR = Messages.OUR_SOR;

    protected abstract Map<String, Object> database(String name);

    private final FhirContext fhir = FhirContext.forR4Cached();
    private final String bSor = Plans.uniqueSor();
    private final String bEan = Plans.gln("579000" + (100000 + new java.util.Random().nextInt(899999)));
    private FhirReceiver capture;
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;
    private Http atA;
    private Http atB;

    @BeforeAll
    void start() throws Exception {
        capture = new FhirReceiver(fhir);
        // B's authorisation server, standing in: it gives A (client rehab-adapter-a, private_key_jwt) a token B accepts,
        // of kind other-municipality in A's name
        java.nio.file.Path keys = java.nio.file.Files.createTempDirectory("handover-keys");
        com.nimbusds.jose.jwk.RSAKey rsa = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("a-1")
                .algorithm(com.nimbusds.jose.JWSAlgorithm.RS384).generate();
        java.nio.file.Path jwk = keys.resolve("a.jwk.json");
        java.nio.file.Files.writeString(jwk, rsa.toJSONString());
        bAuth = new dk.rehab.adapter.support.TokenServer().register(A_CLIENT, rsa)
                .issuing(client -> TestTokens.of(ClientKind.OTHER_MUNICIPALITY, A_SOR));
        startB();
        Map<String, Object> pa = new HashMap<>(database("it_handover_a_" + UUID.randomUUID().toString().substring(0, 8)));
        pa.put("server.port", "0");
        pa.put("adapter.delivery.poll-interval", "200ms");
        pa.put("adapter.delivery.endpoints[0].system", Canonical.SYSTEM_MUNICIPALITY_CODE);
        pa.put("adapter.delivery.endpoints[0].value", B_CODE);
        pa.put("adapter.delivery.endpoints[0].url", capture.base());
        pa.put("adapter.delivery.endpoints[0].name", "Københavns Kommune");
        // B itself, by its SOR id, with B's token endpoint: A delivers straight into B
        pa.put("adapter.delivery.endpoints[1].system", Canonical.SYSTEM_SOR);
        pa.put("adapter.delivery.endpoints[1].value", bSor);
        pa.put("adapter.delivery.endpoints[1].url", "http://localhost:" + ((WebServerApplicationContext) b).getWebServer().getPort() + "/fhir");
        pa.put("adapter.delivery.endpoints[1].name", "Københavns Kommune (adapter)");
        pa.put("adapter.delivery.endpoints[1].token-url", bAuth.tokenUrl());
        pa.put("adapter.delivery.endpoints[1].client-id", A_CLIENT);
        pa.put("adapter.delivery.endpoints[1].key", jwk.toString());
        pa.put("adapter.delivery.endpoints[1].scope", "system/MessageHeader.c");
        a = run(pa);
        atA = http(a);
    }

    private void startB() {
        Map<String, Object> pb = new HashMap<>(database("it_handover_b_" + UUID.randomUUID().toString().substring(0, 8)));
        pb.put("server.port", "0");
        pb.put("adapter.messaging.sor", bSor);
        pb.put("adapter.messaging.ean", bEan);
        pb.put("adapter.messaging.municipality", B_CODE);
        pb.put("adapter.messaging.municipality-name", "Københavns Kommune");
        pb.put("adapter.messaging.name", "Genoptræning København");
        b = run(pb);
        atB = http(b);
    }

    private static final String A_CLIENT = "rehab-adapter-a";
    private dk.rehab.adapter.support.TokenServer bAuth;

    private static ConfigurableApplicationContext run(Map<String, Object> p) {
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(RehabAdapterApplication.class).run(args);
    }

    private static Http http(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new Http(app.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
    }

    @AfterAll
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        capture.close();
        if (bAuth != null) {
            bAuth.close();
        }
    }

    private record Sent(String cpr, String hospitalSor, String planAtA, Bundle message) {
    }

    /** A plan at A for the citizen {@code cpr} from the hospital {@code hospitalSor}: its id. */
    private String planAtA(String cpr, String hospitalSor) {
        String patient = "Patient/" + created(atA.json("Patient", Plans.patient(cpr)), Patient.class);
        String hospital = "Organization/" + created(atA.json("Organization", Plans.hospital(hospitalSor, null)), Organization.class);
        return created(atA.json("ServiceRequest", Plans.plan(patient, hospital, LocalDate.now().minusDays(1))), ServiceRequest.class);
    }

    /** A's {@code $transfer} of {@code plan} to the municipality {@code system|value}: 200 and the delivery's Task. */
    private Task transferAtA(String plan, String system, String value, String reason) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("municipality").setValue(new Identifier().setSystem(system).setValue(value));
        parameters.addParameter().setName("reason").setValue(new CodeType(reason));
        Http.Response answer = atA.json("ServiceRequest/" + plan + "/$transfer", parameters);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.resource(Task.class);
    }

    /** A plan at A transferred to municipality 0101 (the citizen moved), and the message A sent for it. */
    private Sent transferred() throws InterruptedException {
        String cpr = Plans.newCpr();
        String hospitalSor = Plans.uniqueSor();
        String plan = planAtA(cpr, hospitalSor);
        Task task = transferAtA(plan, Canonical.SYSTEM_MUNICIPALITY_CODE, B_CODE, "citizen-moved");
        long until = System.currentTimeMillis() + 15_000;
        Bundle message = null;
        while (message == null && System.currentTimeMillis() < until) {
            message = capture.messages().stream().filter(m -> m.getEntry().stream().anyMatch(e -> e.getResource() instanceof Patient p
                    && p.getIdentifier().stream().anyMatch(i -> cpr.equals(i.getValue())))).findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertThat(message).as("A sent the plan to 0101's endpoint").isNotNull();
        assertThat(task.getFocus().getReference()).isEqualTo("ServiceRequest/" + plan);
        return new Sent(cpr, hospitalSor, plan, message);
    }

    private static String created(Http.Response response, Class<? extends org.hl7.fhir.r4.model.Resource> type) {
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.resource(type).getIdElement().getIdPart();
    }

    private String json(Bundle message) {
        return fhir.newJsonParser().encodeResourceToString(message);
    }

    private Http.Response post(Http as, Bundle message) {
        return as.post("$process-message", "application/fhir+json", json(message));
    }

    @Test
    void thePlanAdapterASendsBecomesAPlanOfBExactlyOnce() throws Exception {
        Sent sent = transferred();
        Http fromA = atB.withToken(TestTokens.of(ClientKind.OTHER_MUNICIPALITY, A_SOR));
        Http.Response first = post(fromA, sent.message());
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        Bundle ack = first.resource(Bundle.class);
        MessageHeader ackHeader = Messages.ackHeader(ack);
        assertThat(ackHeader.getResponse().getCode()).as(first.text()).isEqualTo(MessageHeader.ResponseType.OK);
        assertThat(ackHeader.getResponse().getIdentifier()).isEqualTo(sent.message().getEntryFirstRep().getResource().getIdElement().getIdPart());
        String planAtB = Messages.acceptedPlanId(ack);

        ServiceRequest plan = atB.get("ServiceRequest/" + planAtB).resource(ServiceRequest.class);
        assertThat(plan.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        Organization requester = atB.get(plan.getRequester().getReference()).resource(Organization.class);
        assertThat(requester.getIdentifier()).as("the hospital that wrote the plan stays its requester")
                .anyMatch(i -> Canonical.SYSTEM_SOR.equals(i.getSystem()) && sent.hospitalSor().equals(i.getValue()));
        Organization performer = atB.get(plan.getPerformerFirstRep().getReference()).resource(Organization.class);
        assertThat(performer.getIdentifier()).as("B carries the plan out").anyMatch(i -> bSor.equals(i.getValue()));
        Reference from = (Reference) plan.getExtensionByUrl(Canonical.EXT_TRANSFERRED_FROM).getValue();
        Organization sender = atB.get(from.getReference()).resource(Organization.class);
        assertThat(sender.getIdentifier()).as("the sending municipality recorded").anyMatch(i -> A_SOR.equals(i.getValue()));
        Patient citizen = atB.get(plan.getSubject().getReference()).resource(Patient.class);
        assertThat(citizen.getIdentifier()).anyMatch(i -> sent.cpr().equals(i.getValue()));
        assertThat(plan.getExtensionByUrl(Canonical.EXT_CONTACT_DEADLINE)).as("B's own deadlines").isNotNull();
        // B's work lists find it as its own plan
        Bundle byPerformer = atB.get("ServiceRequest?performer.identifier=" + Canonical.SYSTEM_SOR + "|" + bSor + "&status=active").resource(Bundle.class);
        assertThat(byPerformer.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(planAtB);

        // exactly once: A's re-send (the same MessageHeader.id) gets the same answer and stores nothing
        Http.Response again = post(fromA, sent.message());
        assertThat(again.text()).isEqualTo(first.text());
        Bundle plans = atB.get("ServiceRequest?patient=" + plan.getSubject().getReference()).resource(Bundle.class);
        assertThat(plans.getTotal()).isEqualTo(1);
        // the acknowledgement is B's, readable there by the municipality, sent by A's SOR id
        Bundle answers = atB.get("Bundle?sender=" + A_SOR).resource(Bundle.class);
        assertThat(answers.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(ack.getIdElement().getIdPart());
    }

    @Test
    void adapterADeliversThePlanIntoAdapterBWithBsToken() throws Exception {
        String cpr = Plans.newCpr();
        String hospitalSor = Plans.uniqueSor();
        String plan = planAtA(cpr, hospitalSor);
        String task = transferAtA(plan, Canonical.SYSTEM_SOR, bSor, "free-choice").getIdElement().getIdPart();
        long until = System.currentTimeMillis() + 20_000;
        Task now = null;
        while (System.currentTimeMillis() < until) {
            now = atA.get("Task/" + task).resource(Task.class);
            if (!"pending".equals(now.getBusinessStatus().getCodingFirstRep().getCode())
                    && !"retrying".equals(now.getBusinessStatus().getCodingFirstRep().getCode())) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(now.getBusinessStatus().getCodingFirstRep().getCode()).as(atA.get("Task/" + task).text()).isEqualTo("delivered");
        assertThat(bAuth.violations()).isEmpty();
        assertThat(bAuth.granted(A_CLIENT)).isGreaterThanOrEqualTo(1);

        // B holds the citizen's plan now: its own, from A, requested by the hospital
        Bundle atBNow = atB.get("ServiceRequest?performer.identifier=" + Canonical.SYSTEM_SOR + "|" + bSor + "&_count=200").resource(Bundle.class);
        ServiceRequest received = atBNow.getEntry().stream().map(e -> (ServiceRequest) e.getResource())
                .filter(r -> cpr.equals(atB.get(r.getSubject().getReference()).resource(Patient.class).getIdentifierFirstRep().getValue()))
                .findFirst().orElseThrow();
        assertThat(received.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        Organization from = atB.get(((Reference) received.getExtensionByUrl(Canonical.EXT_TRANSFERRED_FROM).getValue()).getReference())
                .resource(Organization.class);
        assertThat(from.getIdentifier()).anyMatch(i -> A_SOR.equals(i.getValue()));
        assertThat(atB.get(received.getRequester().getReference()).resource(Organization.class).getIdentifier())
                .anyMatch(i -> hospitalSor.equals(i.getValue()));
        // and A's plan is on hold with B as performer, its message answered ok by B
        ServiceRequest handedOver = atA.get("ServiceRequest/" + plan).resource(ServiceRequest.class);
        assertThat(handedOver.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ONHOLD);
    }

    @Test
    void onlyAnotherMunicipalityInItsOwnNameHandsAPlanOver() throws Exception {
        Sent sent = transferred();
        // a hospital, another municipality naming someone else, a GP, no token: refused, nothing stored
        post(atB.withToken(TestTokens.of(ClientKind.HOSPITAL, sent.hospitalSor())), sent.message()).assertError(403, "forbidden");
        post(atB.withToken(TestTokens.of(ClientKind.OTHER_MUNICIPALITY, "123451000016001")), sent.message()).assertError(403, "forbidden");
        post(atB.withToken(TestTokens.of(ClientKind.GP, "012345")), sent.message()).assertError(403, "forbidden");
        post(atB.withoutToken(), sent.message()).assertError(401, "unauthenticated");
        assertThat(atB.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + sent.cpr()).resource(Bundle.class).getTotal()).isZero();

        // another municipality sends nothing but transfers: no plan message, no GGOP, no reads
        Http fromA = atB.withToken(TestTokens.of(ClientKind.OTHER_MUNICIPALITY, A_SOR));
        post(fromA, Messages.newPlan(Plans.newCpr(), LocalDate.now())).assertError(403, "forbidden");
        fromA.at("http://localhost:" + ((WebServerApplicationContext) b).getWebServer().getPort() + "/medcom").post("ggop", "application/xml", "<Emessage/>").assertError(403, "forbidden");
        fromA.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + sent.cpr()).assertError(403, "forbidden");
        fromA.get("ServiceRequest/" + sent.planAtA()).assertError(403, "forbidden");

        // sent to the wrong municipality (A is not 0101): a fatal-error acknowledgement
        Http.Response wrong = post(atA.withToken(TestTokens.of(ClientKind.OTHER_MUNICIPALITY, A_SOR)), sent.message());
        assertThat(wrong.status()).as(wrong.text()).isEqualTo(200);
        assertThat(Messages.ackHeader(wrong.resource(Bundle.class)).getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.FATALERROR);
        assertThat(Messages.errorCodes(wrong.resource(Bundle.class))).contains("wrong-receiver");
    }
}
