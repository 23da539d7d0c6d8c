package dk.rehab.adapter.message;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acknowledgements the adapter answered, read as Bundles ({@code GET /fhir/Bundle/{id}}, {@code ?message=},
 * {@code POST /fhir/Bundle/_search}): the sending hospital reads its own, another hospital gets 404 and total 0, GP,
 * reporting and auditor 403, the municipality reads all, no token 401.
 */
abstract class AcknowledgementReadTests extends IntegrationTest {
    private static final LocalDate DISCHARGE = LocalDate.now().minusDays(1);

    private String sor;
    private String gln;
    private Http hospital;
    private Http otherHospital;

    @BeforeEach
    void aHospitalOfItsOwn() {
        sor = Plans.uniqueSor();
        gln = uniqueGln();
        hospital = http.withToken(TestTokens.of(ClientKind.HOSPITAL, sor));
        otherHospital = http.withToken(TestTokens.of(ClientKind.HOSPITAL, Plans.uniqueSor()));
    }

    private static String uniqueGln() {
        return Plans.gln(String.valueOf(100000000000L + Math.abs(java.util.UUID.randomUUID().getMostSignificantBits() % 800000000000L)));
    }

    private Bundle message(String activity, String refersTo) {
        return message(sor, gln, activity, refersTo);
    }

    /** A plan message from the hospital {@code sor} / {@code gln} (its sender and the plan's requester carry them). */
    private static Bundle message(String sor, String gln, String activity, String refersTo) {
        Bundle message = Messages.message(Plans.newCpr(), DISCHARGE, activity, refersTo);
        Organization sender = (Organization) message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof Organization o && o.getIdentifier().stream().anyMatch(i -> Messages.HOSPITAL_SOR.equals(i.getValue())))
                .findFirst().orElseThrow();
        for (Identifier identifier : sender.getIdentifier()) {
            if (Canonical.SYSTEM_SOR.equals(identifier.getSystem())) {
                identifier.setValue(sor);
            } else if (Messages.HOSPITAL_EAN.equals(identifier.getValue())) {
                identifier.setValue(gln);
            }
        }
        Messages.header(message).getSource().setEndpoint("https://sor2.sum.dsdn.dk/#id=" + sor);
        return message;
    }

    private Bundle send(Http as, Bundle message) {
        Http.Response response = as.post("$process-message", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(message));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.resource(Bundle.class);
    }

    private static Bundle searchset(Http.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        Bundle searchset = response.resource(Bundle.class);
        assertThat(searchset.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        return searchset;
    }

    private static void assertAnswers(Bundle ack, String messageId, MessageHeader.ResponseType code) {
        assertThat(ack.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        MessageHeader header = Messages.ackHeader(ack);
        assertThat(header.getEventCoding().getCode()).isEqualTo("acknowledgement-message");
        assertThat(header.getResponse().getIdentifier()).isEqualTo(messageId);
        assertThat(header.getResponse().getCode()).as("errors %s", Messages.errorCodes(ack)).isEqualTo(code);
    }

    @Test
    void theSendingHospitalReadsItsAcknowledgementByIdAndBySearch() {
        Bundle message = message("new-message", null);
        String messageId = Messages.header(message).getIdPart();
        Bundle answered = send(hospital, message);
        String ackId = answered.getIdPart();

        Http.Response read = hospital.get("Bundle/" + ackId);
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        Bundle ack = read.resource(Bundle.class);
        assertThat(ack.getIdPart()).isEqualTo(ackId);
        assertAnswers(ack, messageId, MessageHeader.ResponseType.OK);

        Bundle byHeader = searchset(hospital.get("Bundle?message=" + messageId));
        assertThat(byHeader.getTotal()).isEqualTo(1);
        assertThat(byHeader.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(ackId);
        assertAnswers((Bundle) byHeader.getEntryFirstRep().getResource(), messageId, MessageHeader.ResponseType.OK);
        assertThat(searchset(hospital.get("Bundle?message=Bundle/" + message.getIdPart())).getTotal()).isEqualTo(1);
        Bundle posted = searchset(hospital.post("Bundle/_search", "application/x-www-form-urlencoded", "message=" + messageId));
        assertThat(posted.getTotal()).isEqualTo(1);
        hospital.get("Bundle?message=a&message=b").assertError(400, "invalid-search-parameter");
        http.get("Bundle?message=").assertError(400, "invalid-search-parameter");
        // its whole compartment: only what it sent
        Bundle all = searchset(hospital.get("Bundle"));
        assertThat(all.getTotal()).isEqualTo(1);
        assertThat(all.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(ackId);
    }

    @Test
    void anotherHospitalSeesNothingOfIt() {
        Bundle message = message("new-message", null);
        String ackId = send(hospital, message).getIdPart();
        String messageId = Messages.header(message).getIdPart();

        Http.Response others = otherHospital.get("Bundle/" + ackId);
        Http.Response missing = otherHospital.get("Bundle/" + java.util.UUID.randomUUID());
        others.assertError(404, "not-found");
        missing.assertError(404, "not-found");
        assertThat(others.outcome().getIssueFirstRep().getDiagnostics()).doesNotContain(messageId);
        assertThat(searchset(otherHospital.get("Bundle?message=" + messageId)).getTotal()).isZero();
        assertThat(searchset(otherHospital.post("Bundle/_search", "application/x-www-form-urlencoded", "message=" + messageId)).getTotal()).isZero();
        // asking for the other's sender does not widen the narrowing
        assertThat(searchset(otherHospital.get("Bundle?sender=" + sor)).getTotal()).isZero();
    }

    @Test
    void theMunicipalityReadsEveryHospitalsAcknowledgements() {
        Bundle first = message("new-message", null);
        String firstAck = send(hospital, first).getIdPart();
        String otherSor = Plans.uniqueSor();
        String savedSor = sor;
        Bundle second = message(otherSor, uniqueGln(), "new-message", null);
        String secondAck = send(http.withToken(TestTokens.of(ClientKind.HOSPITAL, otherSor)), second).getIdPart();

        assertAnswers(http.get("Bundle/" + firstAck).resource(Bundle.class), Messages.header(first).getIdPart(), MessageHeader.ResponseType.OK);
        assertAnswers(http.get("Bundle/" + secondAck).resource(Bundle.class), Messages.header(second).getIdPart(), MessageHeader.ResponseType.OK);
        assertThat(searchset(http.get("Bundle?message=" + Messages.header(second).getIdPart())).getTotal()).isEqualTo(1);
        assertThat(searchset(http.get("Bundle?sender=" + savedSor)).getTotal()).isEqualTo(1);
        assertThat(searchset(http.get("Bundle?sender=" + otherSor)).getTotal()).isEqualTo(1);
    }

    @Test
    void aFatalErrorAcknowledgementIsReadableToo() {
        Bundle message = message("retract-message", java.util.UUID.randomUUID().toString());
        String messageId = Messages.header(message).getIdPart();
        Bundle answered = send(hospital, message);
        assertThat(Messages.ackHeader(answered).getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.FATALERROR);

        Http.Response read = hospital.get("Bundle/" + answered.getIdPart());
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertAnswers(read.resource(Bundle.class), messageId, MessageHeader.ResponseType.FATALERROR);
        assertThat(Messages.errorCodes(read.resource(Bundle.class))).contains("unknown-plan");
        assertThat(searchset(hospital.get("Bundle?message=" + messageId)).getTotal()).isEqualTo(1);
        otherHospital.get("Bundle/" + answered.getIdPart()).assertError(404, "not-found");
    }

    @Test
    void aHospitalWhoseTokenCarriesItsGlnReadsItsAcknowledgement() {
        Bundle message = message("new-message", null);
        Http byGln = http.withToken(TestTokens.of(ClientKind.HOSPITAL, gln));
        Bundle answered = send(byGln, message);
        assertThat(Messages.ackHeader(answered).getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
        String ackId = answered.getIdPart();
        assertThat(byGln.get("Bundle/" + ackId).status()).isEqualTo(200);
        assertThat(searchset(byGln.get("Bundle?message=" + Messages.header(message).getIdPart())).getTotal()).isEqualTo(1);
        // the same hospital by its SOR id: the message was stored under the id its token carried
        hospital.get("Bundle/" + ackId).assertError(404, "not-found");
    }

    @Test
    void theAnswerToAGgopIsReadByTheHospitalThatSentIt() {
        dk.rehab.adapter.support.GgopPlans plan = new dk.rehab.adapter.support.GgopPlans(Plans.newCpr());
        Http sender = http.withToken(TestTokens.of(ClientKind.HOSPITAL, dk.rehab.adapter.support.GgopPlans.SENDER_EAN));
        Http.Response response = sender.at("http://localhost:" + port + "/medcom").postBytes("ggop", "application/xml", plan.bytes());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        String ackId = response.resource(Bundle.class).getIdPart();

        Http.Response read = sender.get("Bundle/" + ackId);
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertAnswers(read.resource(Bundle.class), plan.envelopeId, MessageHeader.ResponseType.OK);
        assertThat(searchset(sender.get("Bundle?message=" + plan.envelopeId + ":" + plan.letterId)).getTotal()).isEqualTo(1);
        otherHospital.get("Bundle/" + ackId).assertError(404, "not-found");
        assertThat(searchset(otherHospital.get("Bundle?message=" + plan.envelopeId + ":" + plan.letterId)).getTotal()).isZero();
    }

    @Test
    void gpReportingAndAuditorAreRefused() {
        String ackId = send(hospital, message("new-message", null)).getIdPart();
        for (Http other : new Http[] {http.withToken(TestTokens.of(ClientKind.GP, "123456")),
                http.withToken(TestTokens.of(ClientKind.REPORTING, null)), http.withToken(TestTokens.of(ClientKind.AUDITOR, null))}) {
            other.get("Bundle/" + ackId).assertError(403, "forbidden");
            other.get("Bundle?message=x").assertError(403, "forbidden");
            other.post("Bundle/_search", "application/x-www-form-urlencoded", "message=x").assertError(403, "forbidden");
        }
    }

    @Test
    void withoutATokenTheAnswerIs401() {
        String ackId = send(hospital, message("new-message", null)).getIdPart();
        http.withoutToken().get("Bundle/" + ackId).assertError(401, "unauthenticated");
        http.withoutToken().get("Bundle?message=x").assertError(401, "unauthenticated");
        http.withoutToken().post("Bundle/_search", "application/x-www-form-urlencoded", "message=x").assertError(401, "unauthenticated");
    }
}
