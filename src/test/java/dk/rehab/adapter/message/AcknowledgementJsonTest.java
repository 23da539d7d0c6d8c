package dk.rehab.adapter.message;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problem;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.MessageHeader.ResponseType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The acknowledgement is written straight to JSON: it must be exactly what HAPI would write for the same resources
 * (parsed and encoded again by HAPI, it is unchanged: nothing HAPI drops, reorders or formats differently), and say
 * what the acknowledgement says. Its conformance to MedCom's profile is shown by ServerOutputConformanceTests.
 */
class AcknowledgementJsonTest {
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final AdapterProperties.Messaging MESSAGING = new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("adapter.messaging", AdapterProperties.Messaging.class);
    private final Acknowledgements acks = new Acknowledgements(
            new AdapterProperties(java.time.ZoneId.of("Europe/Copenhagen"), null, null, null, MESSAGING, null, null));

    private static PlanMessage message(Organization sender, String sourceEndpoint) {
        return new PlanMessage(Messaging.CHANNEL_FHIR, "hdr-1", null, "hdr-1", sender, sourceEndpoint, Messaging.NEW_MESSAGE,
                null, null, List.of(), List.of(), "application/fhir+json", new byte[0]);
    }

    private static Organization hospital() {
        Organization org = new Organization();
        org.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue("446791000016008");
        org.addIdentifier().setSystem(Canonical.SYSTEM_GLN_HTTPS).setValue("5790001354148");
        org.setName("OUH \"Ortopædkirurgisk\" afd. – ambulatorium");
        return org;
    }

    private static String hapiForm(String json) {
        return FHIR.newJsonParser().encodeResourceToString(FHIR.newJsonParser().parseResource(Bundle.class, json));
    }

    @Test
    void anOkAnswerIsWhatHapiWouldWriteAndNamesThePlan() {
        String json = acks.ok(message(hospital(), "https://hospital.example/fhir"), "0193a2b4-plan");

        assertThat(json).isEqualTo(hapiForm(json));
        Bundle ack = FHIR.newJsonParser().parseResource(Bundle.class, json);
        assertThat(ack.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        assertThat(ack.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(Messaging.MEDCOM_ACK);
        MessageHeader header = (MessageHeader) ack.getEntryFirstRep().getResource();
        assertThat(header.getResponse().getIdentifier()).isEqualTo("hdr-1");
        assertThat(header.getResponse().getCode()).isEqualTo(ResponseType.OK);
        assertThat(header.getDestinationFirstRep().getEndpoint()).isEqualTo("https://hospital.example/fhir");
        assertThat(header.getEventCoding().getCode()).isEqualTo("acknowledgement-message");
        Organization them = (Organization) ack.getEntry().get(3).getResource();
        assertThat(them.getName()).isEqualTo("OUH \"Ortopædkirurgisk\" afd. – ambulatorium");
        assertThat(them.getIdentifier()).extracting(i -> i.getSystem()).containsExactly(Canonical.SYSTEM_SOR, Canonical.SYSTEM_GLN);
        assertThat(header.getDestinationFirstRep().getReceiver().getReference()).isEqualTo("Organization/" + them.getIdPart());
        OperationOutcome outcome = (OperationOutcome) ack.getEntry().get(4).getResource();
        assertThat(header.getResponse().getDetails().getReference()).isEqualTo("OperationOutcome/" + outcome.getIdPart());
        assertThat(outcome.getIssueFirstRep().getDetails().getText()).isEqualTo("ServiceRequest/0193a2b4-plan");
        Provenance provenance = (Provenance) ack.getEntry().get(1).getResource();
        assertThat(provenance.getEntityFirstRep().getWhat().getReference()).isEqualTo("MessageHeader/hdr-1");
        assertThat(provenance.getTargetFirstRep().getReference()).isEqualTo("MessageHeader/" + header.getIdPart());
    }

    @Test
    void aFatalErrorCarriesEveryProblemWithMedcomsCodeOursAndTheElement() {
        String json = acks.error(message(hospital(), null), ResponseType.FATALERROR, List.of(
                new Problem(ErrorCode.INVALID_CPR, "the CPR number 0101011234 is not valid", "Bundle.entry[2].resource.identifier[0]"),
                new Problem(ErrorCode.WRONG_RECEIVER, "addressed to another municipality", null)));

        assertThat(json).isEqualTo(hapiForm(json)).doesNotContain("0101011234");
        Bundle ack = FHIR.newJsonParser().parseResource(Bundle.class, json);
        MessageHeader header = (MessageHeader) ack.getEntryFirstRep().getResource();
        assertThat(header.getResponse().getCode()).isEqualTo(ResponseType.FATALERROR);
        assertThat(header.getDestinationFirstRep().getEndpoint()).as("no source endpoint: the sender's EAN").isEqualTo("urn:ean:5790001354148");
        OperationOutcome outcome = (OperationOutcome) ack.getEntry().get(4).getResource();
        assertThat(outcome.getIssue()).hasSize(2);
        assertThat(outcome.getIssue().get(0).getDetails().getCodingFirstRep().getCode()).isEqualTo("MSG_Datatype_Wrong");
        assertThat(outcome.getIssue().get(0).getDetails().getText()).isEqualTo("invalid-cpr");
        assertThat(outcome.getIssue().get(0).getExpression()).extracting(e -> e.getValue())
                .containsExactly("Bundle.entry[2].resource.identifier[0]");
        assertThat(outcome.getIssue().get(0).getDiagnostics()).contains("[CPR]");
        assertThat(outcome.getIssue().get(1).getExpression()).isEmpty();
        assertThat(outcome.getIssue().get(1).getDetails().getText()).isEqualTo("wrong-receiver");
    }

    @Test
    void anAnswerToASenderWithoutSorClaimsNoProfileAndAnUnknownSenderStillGetsAValidAnswer() {
        Organization ggopSender = new Organization();
        ggopSender.addIdentifier().setSystem(Canonical.SYSTEM_GLN).setValue("5790001354148");
        String json = acks.ok(message(ggopSender, null), "p");
        assertThat(json).isEqualTo(hapiForm(json)).doesNotContain("\"profile\"");

        String unknown = acks.error(message(null, null), ResponseType.TRANSIENTERROR,
                List.of(new Problem(ErrorCode.INTERNAL_ERROR, "send it again", null)));
        assertThat(unknown).isEqualTo(hapiForm(unknown));
        Bundle ack = FHIR.newJsonParser().parseResource(Bundle.class, unknown);
        assertThat(((MessageHeader) ack.getEntryFirstRep().getResource()).getDestinationFirstRep().getEndpoint()).isEqualTo("urn:unknown-sender");
        assertThat(((Organization) ack.getEntry().get(3).getResource()).hasIdentifier()).isFalse();
    }
}
