package dk.rehab.adapter.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The sender of each recipient kind: every {@link OutboundSender}, one per kind (a second one for a kind fails at start-up). */
@Component
public class OutboundSenders {
    private final Map<String, OutboundSender> byKind = new HashMap<>();

    public OutboundSenders(List<OutboundSender> senders) {
        for (OutboundSender sender : senders) {
            for (String kind : sender.recipientKinds()) {
                OutboundSender before = byKind.putIfAbsent(kind, sender);
                if (before != null) {
                    throw new IllegalStateException("two senders for recipient kind " + kind + ": " + before.getClass().getName()
                            + " and " + sender.getClass().getName());
                }
            }
        }
    }

    /** The sender of the row's recipient kind; throws when there is none (the row is then retried, and fails in the end). */
    public OutboundSender of(Delivery delivery) {
        OutboundSender sender = byKind.get(delivery.recipientKind());
        if (sender == null) {
            throw new IllegalStateException("no sender for recipient kind " + delivery.recipientKind());
        }
        return sender;
    }
}
