package dk.rehab.adapter.message;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * {@code POST /fhir/$process-message}: a FHIR plan message or a MedCom hospital notification in (chosen by
 * MessageHeader.event), its acknowledgement message out (HTTP 200 with a
 * MedCom acknowledgement Bundle, whatever its {@code response.code}). Only a body that is not FHIR, or that has
 * no MessageHeader with an id to acknowledge, is answered with HTTP 400 and an OperationOutcome. The body is
 * read as it arrived ({@code manualRequest}), so the original is kept byte for byte; the answer is the stored
 * acknowledgement as written ({@code manualResponse}), FHIR JSON unless the client asks for XML only.
 */
@Component
public class ProcessMessageProvider {
    private final FhirPlanMessages reader;
    private final MessageIntake intake;
    private final dk.rehab.adapter.notification.HospitalNotificationReader notifications;
    private final dk.rehab.adapter.notification.NotificationIntake notificationIntake;
    private final FhirContext fhir;
    private final dk.rehab.adapter.transfer.TransferMessageReader transfers;

    public ProcessMessageProvider(FhirPlanMessages reader, MessageIntake intake,
                                  dk.rehab.adapter.notification.HospitalNotificationReader notifications,
                                  dk.rehab.adapter.notification.NotificationIntake notificationIntake, FhirContext fhir,
                                  dk.rehab.adapter.transfer.TransferMessageReader transfers) {
        this.transfers = transfers;
        this.reader = reader;
        this.intake = intake;
        this.notifications = notifications;
        this.notificationIntake = notificationIntake;
        this.fhir = fhir;
    }

    @Operation(name = "$process-message", idempotent = false, manualRequest = true, manualResponse = true, returnParameters = {})
    public void processMessage(RequestDetails request, jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        byte[] body = body(request);
        FhirPlanMessages.Parsed parsed = reader.parse(body, request.getHeader("Content-Type"));
        // One reader per kind of message, chosen by MessageHeader.event: hospital notifications, plans handed over by
        // another municipality (stored as a new plan, exactly once, as plan messages), else plan messages.
        String ack = dk.rehab.adapter.notification.HospitalNotificationReader.isNotification(parsed)
                ? notificationIntake.receive(notifications.read(parsed, body))
                : dk.rehab.adapter.transfer.TransferMessageReader.isTransfer(parsed) ? intake.receive(transfers.read(parsed, body))
                : intake.receive(reader.read(parsed, body));
        String accept = String.valueOf(request.getHeader("Accept")) + String.valueOf(request.getParameters().get("_format") == null
                ? "" : String.join(",", request.getParameters().get("_format")));
        response.setStatus(200);
        response.setCharacterEncoding("UTF-8");
        if (accept.contains("xml") && !accept.contains("json")) {
            // The stored answer is JSON; XML is the same acknowledgement re-encoded.
            response.setContentType("application/fhir+xml;charset=UTF-8");
            response.getWriter().write(fhir.newXmlParser().encodeResourceToString(fhir.newJsonParser().parseResource(Bundle.class, ack)));
        } else {
            // The stored acknowledgement, byte for byte: no parse and re-encode on the hot path.
            response.setContentType("application/fhir+json;charset=UTF-8");
            response.getWriter().write(ack);
        }
    }

    /**
     * The request body as it arrived. With a Content-Length it is read into one array of that size (HAPI's own
     * reader copies it through growing buffers: a twentieth of a message's garbage); kept on the request as HAPI's
     * reader would, for anything that asks for it later.
     */
    private static byte[] body(RequestDetails request) throws java.io.IOException {
        byte[] loaded = request.getRequestContentsIfLoaded();
        if (loaded != null) {
            return loaded; // already read (the access rules look into a restricted caller's message)
        }
        long length = request instanceof ServletRequestDetails servlet ? servlet.getServletRequest().getContentLengthLong() : -1;
        if (length >= 0 && length <= Integer.MAX_VALUE - 8) {
            try (java.io.InputStream in = ((ServletRequestDetails) request).getServletRequest().getInputStream()) {
                byte[] body = in.readNBytes((int) length);
                request.setRequestContents(body);
                return body;
            }
        }
        return request.loadRequestContents();
    }
}
