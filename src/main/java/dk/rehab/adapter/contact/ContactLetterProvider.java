package dk.rehab.adapter.contact;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dk.rehab.adapter.fhir.WriteTransactions;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * {@code POST /fhir/ServiceRequest/{id}/$send-contact-letter} (no parameters): writes the contact letter about the
 * plan's first booked session and puts it in the outbox for the citizen's digital post, in one transaction; answers
 * with the Communication that carries the PDF. A second resource provider for ServiceRequest beside the plan's own
 * (HAPI merges the providers of one type), so the operation lives with the contact package.
 */
@Component
public class ContactLetterProvider implements IResourceProvider {
    private final WriteTransactions transactions;
    private final ContactLetterService letters;

    public ContactLetterProvider(WriteTransactions transactions, ContactLetterService letters) {
        this.transactions = transactions;
        this.letters = letters;
    }

    @Override
    public Class<ServiceRequest> getResourceType() {
        return ServiceRequest.class;
    }

    @Operation(name = "$send-contact-letter")
    public Communication send(@IdParam IdType id) {
        return transactions.run(() -> letters.send(id.getIdPart()));
    }
}
