package dk.rehab.adapter.delivery;

/**
 * Sends what an outbox row of another kind than a final status carries (e.g. a KL Gateway report). The worker picks the
 * sender whose {@link #sends} accepts the row's {@code recipient_kind}; final statuses go through {@link DeliverySender}.
 * A sender throws what the HAPI client throws: a 4xx other than 408/429 is a permanent refusal (its OperationOutcome is
 * kept on the Task), anything else is retried.
 */
public interface OutboundSender {
    /** Whether this sender delivers rows of {@code recipientKind}. */
    boolean sends(String recipientKind);

    /** Sends the row's content to {@code delivery.endpoint()}; returns where the receiver keeps it, or null. */
    String send(Delivery delivery);

    /** Where rows of this kind go now (configuration), for a {@code $retry} of a row that had none; empty: still nowhere. */
    java.util.Optional<String> endpoint(Delivery delivery);

    /** The Task's code and description for rows of this kind. */
    TaskText taskText(Delivery delivery);

    /** What a Task of this kind shows: its code (document-types), the code's display, its text and description, the focus type. */
    record TaskText(String code, String display, String text, String description, String focusType) {
    }
}
