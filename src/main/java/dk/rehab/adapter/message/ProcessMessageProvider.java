package dk.rehab.adapter.message;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * {@code POST /fhir/$process-message}: a FHIR plan message in, its acknowledgement message out (HTTP 200 with a
 * MedCom acknowledgement Bundle, whatever its {@code response.code}). Only a body that is not FHIR, or that has
 * no MessageHeader with an id to acknowledge, is answered with HTTP 400 and an OperationOutcome. The body is
 * read as it arrived ({@code manualRequest}), so the original is kept byte for byte.
 */
@Component
public class ProcessMessageProvider {
    private final FhirPlanMessages reader;
    private final MessageIntake intake;
    private final FhirContext fhir;

    public ProcessMessageProvider(FhirPlanMessages reader, MessageIntake intake, FhirContext fhir) {
        this.reader = reader;
        this.intake = intake;
        this.fhir = fhir;
    }

    @Operation(name = "$process-message", idempotent = false, manualRequest = true, returnParameters = {})
    public Bundle processMessage(RequestDetails request) {
        PlanMessage message = reader.read(request.loadRequestContents(), request.getHeader("Content-Type"));
        return fhir.newJsonParser().parseResource(Bundle.class, intake.receive(message));
    }
}
