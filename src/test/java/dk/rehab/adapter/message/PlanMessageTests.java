package dk.rehab.adapter.message;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.AtOnce;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** {@code POST /fhir/$process-message}: plans, corrections, retractions, duplicates and bad messages, each acknowledged. */
abstract class PlanMessageTests extends IntegrationTest {
    private static final LocalDate DISCHARGE = LocalDate.now().minusDays(1);

    private Http.Response send(Bundle message) {
        return send(fhir.newJsonParser().encodeResourceToString(message));
    }

    private Http.Response send(String body) {
        return http.post("$process-message", "application/fhir+json", body);
    }

    private Bundle ack(Http.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        Bundle ack = response.resource(Bundle.class);
        assertThat(ack.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        return ack;
    }

    private int plansOf(String cpr) {
        return http.get("ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class).getTotal();
    }

    @Test
    void aNewPlanIsStoredAndAcknowledgedOk() {
        String cpr = Plans.newCpr();
        Bundle message = Messages.newPlan(cpr, DISCHARGE);
        String body = fhir.newJsonParser().encodeResourceToString(message);

        Bundle ack = ack(send(body));

        MessageHeader header = Messages.ackHeader(ack);
        assertThat(header.getEventCoding().getCode()).isEqualTo("acknowledgement-message");
        assertThat(header.getResponse().getIdentifier()).isEqualTo(Messages.header(message).getIdPart());
        assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
        String planId = Messages.acceptedPlanId(ack);
        ServiceRequest plan = http.get("ServiceRequest/" + planId).resource(ServiceRequest.class);
        assertThat(plan.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        assertThat(plan.getExtensionByUrl(Canonical.EXT_START_DEADLINE)).isNotNull();
        assertThat(plan.getSubject().getReference()).startsWith("Patient/");
        assertThat(plan.getReasonReferenceFirstRep().getReference()).startsWith("Condition/");
        Http.Response original = http.get("ServiceRequest/" + planId + "/$original");
        assertThat(original.status()).isEqualTo(200);
        assertThat(plansOf(cpr)).isEqualTo(1);
    }

    @Test
    void aMessageInFhirXmlIsAcceptedAndAnsweredInXmlWhenAsked() {
        String cpr = Plans.newCpr();
        String xml = fhir.newXmlParser().encodeResourceToString(Messages.newPlan(cpr, DISCHARGE));

        Http.Response response = http.post("$process-message", "application/fhir+xml", xml, "Accept", "application/fhir+xml");

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.text()).startsWith("<Bundle");
        Bundle ack = response.resource(Bundle.class);
        assertThat(Messages.ackHeader(ack).getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
        assertThat(plansOf(cpr)).isEqualTo(1);
    }

    @Test
    void theSameMessageAgainGetsTheSameAcknowledgementAndStoresNothing() {
        String cpr = Plans.newCpr();
        Bundle message = Messages.newPlan(cpr, DISCHARGE);

        Http.Response first = send(message);
        Http.Response second = send(message);

        assertThat(second.text()).isEqualTo(first.text());
        assertThat(plansOf(cpr)).isEqualTo(1);
        // Same Bundle id, another MessageHeader id: the same message too.
        Messages.header(message).setId("another-" + Messages.header(message).getIdPart());
        assertThat(send(message).text()).isEqualTo(first.text());
        assertThat(plansOf(cpr)).isEqualTo(1);
    }

    @Test
    void twoCopiesAtTheSameMomentAreOneMessage() throws Exception {
        for (int round = 0; round < 3; round++) {
            String cpr = Plans.newCpr();
            String body = fhir.newJsonParser().encodeResourceToString(Messages.newPlan(cpr, DISCHARGE));
            List<Http.Response> copies = AtOnce.run(2, i -> send(body));
            Http.Response a = copies.get(0);
            Http.Response b = copies.get(1);

            assertThat(a.text()).isEqualTo(b.text());
            assertThat(Messages.ackHeader(ack(a)).getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
            assertThat(plansOf(cpr)).isEqualTo(1);
        }
    }

    @Test
    void aModifiedMessageReplacesThePlanWhichIsRevoked() {
        String cpr = Plans.newCpr();
        Bundle original = Messages.newPlan(cpr, DISCHARGE);
        String oldPlan = Messages.acceptedPlanId(ack(send(original)));
        Bundle correction = Messages.message(cpr, DISCHARGE.plusDays(1), "modified-message", Messages.header(original).getIdPart());
        // The corrected plan keeps the hospital's plan identifier.
        Messages.plan(correction).setIdentifier(Messages.plan(original).getIdentifier());

        Bundle ack = ack(send(correction));

        assertThat(Messages.ackHeader(ack).getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
        String newPlan = Messages.acceptedPlanId(ack);
        assertThat(newPlan).isNotEqualTo(oldPlan);
        ServiceRequest replacement = http.get("ServiceRequest/" + newPlan).resource(ServiceRequest.class);
        assertThat(replacement.getReplacesFirstRep().getReference()).isEqualTo("ServiceRequest/" + oldPlan);
        assertThat(replacement.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        assertThat(http.get("ServiceRequest/" + oldPlan).resource(ServiceRequest.class).getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
        assertThat(http.get("ServiceRequest?status=active&patient.identifier=" + cpr).resource(Bundle.class).getTotal()).isEqualTo(1);

        // Both versions of the plan carry the hospital's identifier; a conditional re-send means the replacement.
        org.hl7.fhir.r4.model.Identifier key = Messages.plan(original).getIdentifierFirstRep();
        String criteria = "identifier=" + key.getSystem() + "|" + key.getValue();
        assertThat(http.get("ServiceRequest?" + criteria).resource(Bundle.class).getTotal()).isEqualTo(2);
        Http.Response resent = http.json("ServiceRequest", replacement, "If-None-Exist", criteria);
        assertThat(resent.status()).isEqualTo(200);
        assertThat(resent.resource(ServiceRequest.class).getIdElement().getIdPart()).isEqualTo(newPlan);
    }

    @Test
    void aRetractMessageRevokesThePlan() {
        String cpr = Plans.newCpr();
        Bundle original = Messages.newPlan(cpr, DISCHARGE);
        String planId = Messages.acceptedPlanId(ack(send(original)));

        Bundle ack = ack(send(Messages.message(cpr, DISCHARGE, "retract-message", Messages.header(original).getIdPart())));

        assertThat(Messages.ackHeader(ack).getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
        assertThat(Messages.acceptedPlanId(ack)).isEqualTo(planId);
        assertThat(http.get("ServiceRequest/" + planId).resource(ServiceRequest.class).getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
        assertThat(plansOf(cpr)).isEqualTo(1);
    }

    @Test
    void aCorrectionOrRetractionOfAnUnknownMessageIsAFatalError() {
        for (String activity : List.of("modified-message", "retract-message")) {
            String cpr = Plans.newCpr();
            Bundle ack = ack(send(Messages.message(cpr, DISCHARGE, activity, "never-seen-" + activity)));

            assertFatal(ack, "unknown-plan");
            assertThat(plansOf(cpr)).isZero();
        }
    }

    @Test
    void aBodyThatIsNotAMessageIsRefusedWith400() {
        send("{\"resourceType\": \"Bundle\", ").assertError(400, "malformed-body");
        send(fhir.newJsonParser().encodeResourceToString(Plans.patient(Plans.newCpr()))).assertError(400, "not-a-message");
        Bundle noHeader = Messages.newPlan(Plans.newCpr(), DISCHARGE);
        noHeader.getEntry().remove(0);
        send(noHeader).assertError(400, "not-a-message");
    }

    @Test
    void badMessagesGetAFatalErrorNamingTheElementAndStoreNothing() {
        String cpr = Plans.newCpr();
        Bundle transaction = Messages.newPlan(cpr, DISCHARGE);
        transaction.setType(Bundle.BundleType.TRANSACTION);
        assertRefused(transaction, cpr, "not-a-message", "Bundle.type");

        Bundle headerNotFirst = Messages.newPlan(cpr, DISCHARGE);
        headerNotFirst.getEntry().add(headerNotFirst.getEntry().remove(0));
        assertRefused(headerNotFirst, cpr, "not-a-message", "Bundle.entry[0].resource");

        Bundle noCpr = Messages.newPlan(cpr, DISCHARGE);
        Messages.patient(noCpr).getIdentifier().clear();
        assertRefused(noCpr, cpr, "required-element-missing", "Bundle.entry[4].resource.identifier");

        String badCpr = "3213991234";
        Bundle invalidCpr = Messages.newPlan(badCpr, DISCHARGE);
        Bundle ack = ack(send(invalidCpr));
        assertFatal(ack, "invalid-cpr");
        assertThat(fhir.newJsonParser().encodeResourceToString(ack)).doesNotContain(badCpr);

        Bundle noDischarge = Messages.newPlan(cpr, DISCHARGE);
        Messages.plan(noDischarge).getExtension().removeIf(e -> e.getUrl().equals(Canonical.EXT_PRECONDITION_DATE));
        assertRefused(noDischarge, cpr, "required-element-missing",
                "Bundle.entry[6].resource.extension('" + Canonical.EXT_PRECONDITION_DATE + "')");

        Bundle unknownType = Messages.newPlan(cpr, DISCHARGE);
        Messages.plan(unknownType).setCategory(List.of(new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, "no-such-type", null))));
        assertRefused(unknownType, cpr, "unknown-code", "Bundle.entry[6].resource.category[0]");

        Bundle otherReceiver = Messages.newPlan(cpr, DISCHARGE);
        otherReceiver.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof org.hl7.fhir.r4.model.Organization o && o.getName().equals("Genoptræningen"))
                .map(org.hl7.fhir.r4.model.Organization.class::cast).findFirst().orElseThrow()
                .getIdentifier().forEach(i -> i.setValue(i.getSystem().contains("gln") ? Plans.gln("579000000001") : "123456789012"));
        assertRefused(otherReceiver, cpr, "wrong-receiver", "Bundle.entry[0].resource.destination[0].receiver");

        Bundle wrongEvent = Messages.newPlan(cpr, DISCHARGE);
        Messages.header(wrongEvent).setEvent(new Coding("http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes",
                "care-communication-message", null));
        assertRefused(wrongEvent, cpr, "unknown-code", "Bundle.entry[0].resource.event");
    }

    /** Refused with a fatal-error naming {@code code} at {@code expression}; the same again gives the same answer; nothing stored. */
    private void assertRefused(Bundle message, String cpr, String code, String expression) {
        Http.Response first = send(message);
        Bundle ack = ack(first);
        OperationOutcome outcome = assertFatal(ack, code);
        assertThat(outcome.getIssue()).as(first.text())
                .anyMatch(i -> code.equals(i.getDetails().getText()) && i.getExpression().stream().anyMatch(e -> e.getValue().equals(expression)));
        assertThat(send(message).text()).isEqualTo(first.text());
        assertThat(plansOf(cpr)).isZero();
        assertThat(http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class).getTotal()).isZero();
    }

    private static OperationOutcome assertFatal(Bundle ack, String code) {
        MessageHeader header = Messages.ackHeader(ack);
        assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.FATALERROR);
        OperationOutcome outcome = Messages.ackOutcome(ack);
        assertThat(Messages.errorCodes(ack)).contains(code);
        assertThat(header.getResponse().getDetails().getReference()).endsWith(outcome.getIdPart());
        return outcome;
    }
}
