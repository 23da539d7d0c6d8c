package dk.rehab.adapter.transfer;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dk.rehab.adapter.delivery.Delivery;
import dk.rehab.adapter.delivery.DirectoryEndpoints;
import dk.rehab.adapter.delivery.OutboundHttp;
import dk.rehab.adapter.delivery.OutboundSender;
import dk.rehab.adapter.fhir.Canonical;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.springframework.stereotype.Component;

/**
 * Sends a transfer's stored message: {@code POST {endpoint}/$process-message}, the same bytes on every attempt, so the
 * receiver recognises a re-send by its {@code MessageHeader.id} (MedCom's messaging rule, and this adapter's own) and
 * acts on it once. A 2xx answer is accepted unless it is an acknowledgement message whose {@code response.code} is
 * {@code fatal-error} (the receiver will never take it: no retry) or {@code transient-error} (try again); any other
 * status is the receiver's refusal (4xx other than 408/429: no retry) or trouble (retry), a network error is retried.
 * Its rows are those of the receiver kinds {@link Receiver#PROVIDER} and {@link Receiver#MUNICIPALITY}.
 */
@Component
class TransferSender implements OutboundSender {
    private final Transfers transfers;
    private final FhirContext fhir;
    private final OutboundHttp http;
    private final DirectoryEndpoints endpoints;

    TransferSender(Transfers transfers, FhirContext fhir, OutboundHttp http, DirectoryEndpoints endpoints) {
        this.transfers = transfers;
        this.fhir = fhir;
        this.http = http;
        this.endpoints = endpoints;
    }

    @Override
    public Set<String> recipientKinds() {
        return Set.of(Receiver.PROVIDER, Receiver.MUNICIPALITY);
    }

    @Override
    public String endpoint(Delivery d) {
        return endpoints.endpoint(d);
    }

    @Override
    public TaskText taskText(Delivery d) {
        return TaskText.toOrganisation(d, new Coding(Canonical.CS + "message-events", "rehabilitation-plan-transfer",
                "Overdragelse af genoptræningsplan"), "Send genoptræningsplanen videre", TaskText.named("Forward the plan to "
                + (Receiver.MUNICIPALITY.equals(d.recipientKind()) ? "the municipality" : "the private provider"), d),
                "ServiceRequest", d.recipientKind());
    }

    @Override
    public String send(Delivery d) {
        String message = transfers.messageOfTask(d.taskId()).orElseThrow(() ->
                new IllegalStateException("no transfer message for Task/" + d.taskId()));
        String url = d.endpoint().replaceAll("/+$", "") + "/$process-message";
        HttpResponse<String> response;
        try {
            response = http.postFhirJson(d.endpoint(), url, message);
        } catch (IOException e) {
            throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw BaseServerResponseException.newInstance(response.statusCode(), "the receiver answered HTTP " + response.statusCode());
        }
        MessageHeader ack = acknowledgement(response.body());
        if (ack != null && ack.getResponse().getCode() == MessageHeader.ResponseType.FATALERROR) {
            throw BaseServerResponseException.newInstance(422, "the receiver refused the message (acknowledgement fatal-error)");
        }
        if (ack != null && ack.getResponse().getCode() == MessageHeader.ResponseType.TRANSIENTERROR) {
            throw BaseServerResponseException.newInstance(503, "the receiver could not take the message now (acknowledgement transient-error)");
        }
        return response.headers().firstValue("Location").orElse(null);
    }

    /** The acknowledgement's MessageHeader, when the answer is a message Bundle that answers a message; else null. */
    private MessageHeader acknowledgement(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            if (fhir.newJsonParser().parseResource(body) instanceof Bundle b && b.getType() == Bundle.BundleType.MESSAGE
                    && b.getEntryFirstRep().getResource() instanceof MessageHeader h && h.hasResponse()) {
                return h;
            }
        } catch (RuntimeException e) {
            return null; // not FHIR JSON: a 2xx without an acknowledgement is taken as accepted
        }
        return null;
    }
}
