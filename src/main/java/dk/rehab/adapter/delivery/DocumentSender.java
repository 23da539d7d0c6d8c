package dk.rehab.adapter.delivery;

import dk.rehab.adapter.store.ResourceStore;
import org.hl7.fhir.r4.model.DocumentReference;

/**
 * The kinds of delivery that send a stored DocumentReference (a final status, a functional-capacity assessment, the
 * functional status for an admitting hospital) to an organisation from the endpoint directory, with
 * {@link DeliverySender#send(String, DocumentReference)}: a subclass names its recipient kinds and its Task's text.
 */
public abstract class DocumentSender implements OutboundSender {
    private final DeliverySender sender;
    private final ResourceStore store;
    private final DirectoryEndpoints endpoints;

    protected DocumentSender(DeliverySender sender, ResourceStore store, DirectoryEndpoints endpoints) {
        this.sender = sender;
        this.store = store;
        this.endpoints = endpoints;
    }

    @Override
    public String send(Delivery d) {
        return sender.send(d.endpoint(), store.read(DocumentReference.class, d.documentId()));
    }

    @Override
    public String endpoint(Delivery d) {
        return endpoints.endpoint(d);
    }
}
