package dk.rehab.adapter.ggop;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.TestTokens;
import dk.rehab.adapter.support.GgopPlans;
import dk.rehab.adapter.support.AtOnce;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** {@code POST /medcom/ggop}: the legacy MedCom plan, its variants, duplicates, corrections and bad documents. */
abstract class GgopTests extends IntegrationTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static Path sample() {
        return dk.rehab.adapter.support.Shared.ggopSample();
    }

    private Http.Response post(byte[] body, String contentType) {
        return post(body, contentType, dk.rehab.adapter.support.TestTokens.municipality());
    }

    private Http.Response post(byte[] body, String contentType, String token) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/medcom/ggop")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Http.Response(response.statusCode(), response.headers().map(), response.body(), fhir);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Http.Response post(GgopPlans plan) {
        return post(plan.bytes(), "application/xml");
    }

    private Bundle ack(Http.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/fhir+json");
        return response.resource(Bundle.class);
    }

    private ServiceRequest accepted(Http.Response response) {
        Bundle ack = ack(response);
        assertThat(Messages.ackHeader(ack).getResponse().getCode()).as(response.text()).isEqualTo(MessageHeader.ResponseType.OK);
        return http.get("ServiceRequest/" + Messages.acceptedPlanId(ack)).resource(ServiceRequest.class);
    }

    private int plansOf(String cpr) {
        return http.get("ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class).getTotal();
    }

    @Test
    void medcomsSamplePlanIsAcceptedAndItsOriginalKept() throws IOException {
        byte[] sample = Files.readAllBytes(sample());

        Http.Response response = post(sample, "application/xml; charset=UTF-8");

        ServiceRequest plan = accepted(response);
        assertThat(Messages.ackHeader(ack(response)).getResponse().getIdentifier()).isEqualTo("54382645943294");
        assertThat(PlanAssert.category(plan)).isEqualTo(Canonical.PLAN_TYPE_SPECIALISERET);
        assertThat(plan.getExtensionByUrl(Canonical.EXT_MUNICIPAL_RESPONSIBILITY).getValue().primitiveValue()).isEqualTo("false");
        assertThat(plan.getReasonReference()).hasSize(2);
        assertThat(plan.getExtensionsByUrl(Canonical.EXT_FINAL_STATUS_RECEIVER)).hasSize(1);
        Http.Response original = http.send("ServiceRequest/" + plan.getIdPart() + "/$original", "application/octet-stream");
        assertThat(java.util.Arrays.equals(original.body(), sample)).as("the original XML, byte for byte").isTrue();
        // The same document again: the same answer, nothing new.
        assertThat(post(sample, "application/xml").text()).isEqualTo(response.text());
    }

    @Test
    void everyPlanTypeIsRead() {
        for (var type : List.of(List.of("almen", Canonical.PLAN_TYPE_ALMEN), List.of("specialiseret", Canonical.PLAN_TYPE_SPECIALISERET),
                List.of("rehabilitering", Canonical.PLAN_TYPE_REHABILITERING))) {
            ServiceRequest plan = accepted(post(new GgopPlans(Plans.newCpr()).set(p -> p.planType = type.get(0))));
            assertThat(PlanAssert.category(plan)).isEqualTo(type.get(1));
        }
    }

    @Test
    void aDeselectedGpCopyAndSeveralFinalStatusReceiversAreKept() {
        ServiceRequest plan = accepted(post(new GgopPlans(Plans.newCpr()).set(p -> {
            p.gp = "deselected";
            p.resultReceivers = 3;
        })));

        Extension gp = plan.getExtensionByUrl(Canonical.EXT_GP_COPY);
        assertThat(gp.getExtensionByUrl("wanted").getValue().primitiveValue()).isEqualTo("false");
        assertThat(gp.getExtensionByUrl("receiver")).isNull();
        List<Extension> receivers = plan.getExtensionsByUrl(Canonical.EXT_FINAL_STATUS_RECEIVER);
        assertThat(receivers).hasSize(3);
        assertThat(receivers).extracting(e -> ((Reference) e.getValue()).getIdentifier().getValue()).containsExactly("040000", "040001", "040002");

        ServiceRequest withGp = accepted(post(new GgopPlans(Plans.newCpr())));
        Extension wanted = withGp.getExtensionByUrl(Canonical.EXT_GP_COPY);
        assertThat(wanted.getExtensionByUrl("wanted").getValue().primitiveValue()).isEqualTo("true");
        assertThat(((Reference) wanted.getExtensionByUrl("receiver").getValue()).getIdentifier().getSystem()).isEqualTo(Canonical.SYSTEM_YDERNUMMER);
    }

    @Test
    void aPlanMissingOnlyOptionalPartsIsAccepted() {
        ServiceRequest plan = accepted(post(new GgopPlans(Plans.newCpr()).set(p -> {
            p.optionalParts = false;
            p.gp = null;
            p.resultReceivers = 0;
        })));
        assertThat(plan.getReasonReference()).isEmpty();
        assertThat(plan.getExtensionByUrl(Canonical.EXT_PRECONDITION_DATE)).isNotNull();
    }

    @Test
    void aByteOrderMarkIsAccepted() {
        GgopPlans plan = new GgopPlans(Plans.newCpr()).set(p -> p.bom = true);
        accepted(post(plan));
        assertThat(plansOf(plan.cpr)).isEqualTo(1);
    }

    @Test
    void theSameEnvelopeAndLetterAgainIsOneMessage() throws Exception {
        GgopPlans plan = new GgopPlans(Plans.newCpr());
        Http.Response first = post(plan);
        assertThat(post(plan).text()).isEqualTo(first.text());
        assertThat(plansOf(plan.cpr)).isEqualTo(1);

        GgopPlans concurrent = new GgopPlans(Plans.newCpr());
        List<Http.Response> copies = AtOnce.run(2, i -> post(concurrent));
        assertThat(copies.get(0).text()).isEqualTo(copies.get(1).text());
        accepted(copies.get(0));
        assertThat(plansOf(concurrent.cpr)).isEqualTo(1);
    }

    @Test
    void aNewPlanForTheSameCitizenAndHospitalContactReplacesTheEarlierOne() {
        GgopPlans first = new GgopPlans(Plans.newCpr());
        ServiceRequest earlier = accepted(post(first));
        GgopPlans correction = new GgopPlans(first.cpr).set(p -> {
            p.admission = first.admission;
            p.planType = "rehabilitering";
        });

        ServiceRequest replacement = accepted(post(correction));

        assertThat(replacement.getIdPart()).isNotEqualTo(earlier.getIdPart());
        assertThat(replacement.getReplacesFirstRep().getReference()).isEqualTo("ServiceRequest/" + earlier.getIdPart());
        assertThat(http.get("ServiceRequest/" + earlier.getIdPart()).resource(ServiceRequest.class).getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
        // Another hospital contact is another plan.
        ServiceRequest other = accepted(post(new GgopPlans(first.cpr).set(p -> p.admission = "2026-01-02")));
        assertThat(other.hasReplaces()).isFalse();
        assertThat(http.get("ServiceRequest?status=active&patient.identifier=" + first.cpr).resource(Bundle.class).getTotal()).isEqualTo(2);
    }

    @Test
    void documentsThatAreNotAGgopAreRefusedWith400() {
        post("<Emessage xmlns=\"urn:oio:medcom:municipality:1.0.4\"><Envelope>".getBytes(), "application/xml").assertError(400, "malformed-body");
        post(new GgopPlans(Plans.newCpr()).set(p -> p.namespace = "urn:oio:medcom:other:1.0.0").bytes(), "application/xml")
                .assertError(400, "not-a-message");
        post(new GgopPlans(Plans.newCpr()).set(p -> p.root = "Letter").bytes(), "application/xml").assertError(400, "not-a-message");
        post(new GgopPlans(Plans.newCpr()).bytes(), "application/json").assertError(415, "unsupported-media-type");
    }

    @Test
    void badPlansGetAFatalErrorNamingTheElementAndStoreNothing() {
        String p = "/Emessage/RehabilitationPlan";
        assertRefused(new GgopPlans(null), "required-element-missing", p + "/Patient/CivilRegistrationNumber", null);
        assertRefused(new GgopPlans("3213991234"), "invalid-cpr", p + "/Patient/CivilRegistrationNumber", "3213991234");
        assertRefused(new GgopPlans(Plans.newCpr()).set(x -> x.discharge = null), "required-element-missing",
                p + "/CurrentHospitalContact/ExpectedEnd/Date", null);
        assertRefused(new GgopPlans(Plans.newCpr()).set(x -> x.planType = "hjemmetræning"), "unknown-code", p + "/TypeOfRehabilitationPlan", null);
        assertRefused(new GgopPlans(Plans.newCpr()).set(x -> x.planType = null), "required-element-missing", p + "/TypeOfRehabilitationPlan", null);
        assertRefused(new GgopPlans(Plans.newCpr()).set(x -> {
            x.receiverEan = Plans.gln("579000000001");
            x.receiverMunicipality = "461"; // Odense: another municipality
        }), "wrong-receiver", p + "/Receiver", null);
    }

    private static String hospital(String id) {
        return TestTokens.of(ClientKind.HOSPITAL, id);
    }

    private static void assertForbidden(Http.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(403);
        OperationOutcome outcome = response.resource(OperationOutcome.class);
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("Sender");
    }

    @Test
    void aHospitalSendsAGgopInItsOwnNameOnlyAndARefusedOneLeavesNothing() {
        GgopPlans plan = new GgopPlans(Plans.newCpr());

        assertForbidden(post(plan.bytes(), "application/xml", hospital(Plans.gln("579000999999"))));
        assertForbidden(post(plan.bytes(), "application/xml", hospital(Messages.HOSPITAL_SOR)));
        // the Sender's department number (sygehusafdelingsnummer) is not an organisation id a token can carry
        assertForbidden(post(plan.bytes(), "application/xml", hospital("1234567")));
        assertThat(plansOf(plan.cpr)).as("nothing stored").isZero();
        assertThat(http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + plan.cpr).resource(Bundle.class).getTotal()).isZero();

        // The same envelope from the hospital that sent it: accepted, so the refusals were neither stored nor answered.
        ServiceRequest accepted = accepted(post(plan.bytes(), "application/xml", hospital(GgopPlans.SENDER_EAN)));
        assertThat(accepted.getIdPart()).isNotBlank();
        assertThat(plansOf(plan.cpr)).isEqualTo(1);
        // another hospital is still refused once the GGOP is accepted: the stored acknowledgement is not handed to it
        assertThat(post(plan.bytes(), "application/xml", hospital(Plans.gln("579000999999"))).status()).isEqualTo(403);
    }

    @Test
    void medcomsSampleAndTheNancyExampleAreRefusedFromAnotherHospitalAndAcceptedFromTheirSender() throws IOException {
        byte[] sample = Files.readAllBytes(sample());
        assertForbidden(post(sample, "application/xml", hospital(GgopPlans.SENDER_EAN)));
        assertThat(Messages.ackHeader(ack(post(sample, "application/xml", hospital("5790001354145")))).getResponse().getCode())
                .isEqualTo(MessageHeader.ResponseType.OK);

        byte[] nancy = Files.readAllBytes(Path.of("examples/ggop/GGOP-plan-nancy.xml"));
        assertForbidden(post(nancy, "application/xml", hospital("5790001354145")));
        assertThat(Messages.ackHeader(ack(post(nancy, "application/xml", hospital("5790001354152")))).getResponse().getCode())
                .isEqualTo(MessageHeader.ResponseType.OK);
    }

    private void assertRefused(GgopPlans plan, String code, String expression, String secret) {
        Http.Response response = post(plan);
        Bundle ack = ack(response);
        assertThat(Messages.ackHeader(ack).getResponse().getCode()).as(response.text()).isEqualTo(MessageHeader.ResponseType.FATALERROR);
        assertThat(Messages.ackHeader(ack).getResponse().getIdentifier()).isEqualTo(plan.envelopeId);
        OperationOutcome outcome = Messages.ackOutcome(ack);
        assertThat(outcome.getIssue()).as(response.text())
                .anyMatch(i -> code.equals(i.getDetails().getText()) && i.getExpression().stream().anyMatch(e -> e.getValue().equals(expression)));
        if (secret != null) {
            assertThat(response.text()).doesNotContain(secret);
        }
        assertThat(post(plan).text()).isEqualTo(response.text());
        if (plan.cpr != null && plan.cpr.matches("\\d{10}")) {
            assertThat(http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + plan.cpr).resource(Bundle.class).getTotal()).isZero();
        }
    }

    static final class PlanAssert {
        static String category(ServiceRequest plan) {
            return plan.getCategoryFirstRep().getCodingFirstRep().getCode();
        }
    }
}
