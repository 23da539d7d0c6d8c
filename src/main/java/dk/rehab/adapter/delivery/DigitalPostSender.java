package dk.rehab.adapter.delivery;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.store.ResourceStore;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.springframework.stereotype.Component;

/**
 * A Communication to the citizen (a contact letter, a reminder) through digital post ({@code adapter.digital-post}),
 * recipient kind {@link Delivery#CITIZEN}: sent with {@link DeliverySender#send(String, Communication)}.
 */
@Component
class DigitalPostSender implements OutboundSender {
    private final DeliverySender sender;
    private final ResourceStore store;
    private final DigitalPostProperties digitalPost;

    DigitalPostSender(DeliverySender sender, ResourceStore store, DigitalPostProperties digitalPost) {
        this.sender = sender;
        this.store = store;
        this.digitalPost = digitalPost;
    }

    @Override
    public Set<String> recipientKinds() {
        return Set.of(Delivery.CITIZEN);
    }

    @Override
    public String send(Delivery d) {
        return sender.send(d.endpoint(), store.read(Communication.class, d.documentId()));
    }

    @Override
    public String endpoint(Delivery d) {
        String endpoint = digitalPost.url();
        if (endpoint == null) {
            throw new AdapterException(ErrorCode.DELIVERY_NOT_RETRYABLE, "no digital-post endpoint is configured; set "
                    + "adapter.digital-post.endpoint", "Task.restriction.recipient");
        }
        return endpoint;
    }

    @Override
    public TaskText taskText(Delivery d) {
        return new TaskText(new Coding(Canonical.CS_CONTACT_MEDIA, "digital-post", "Digital post"), "Send til borgeren via digital post",
                "Send the Communication to the citizen through " + (d.recipientName() == null ? "digital post" : d.recipientName()),
                "Communication", "the citizen", "no digital-post endpoint is configured (adapter.digital-post.endpoint)",
                "the session was cancelled, held or moved before the reminder was delivered");
    }
}
