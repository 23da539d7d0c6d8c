package dk.rehab.adapter.delivery;

import dk.rehab.adapter.fhir.AdapterException;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;

/**
 * Sends one kind of outbox row, and says how its Task shows it: the one abstraction of a kind of delivery (a final
 * status, a functional-capacity assessment, a transferred plan, a letter to the citizen, a KL Gateway report, …). A row is
 * sent by the sender whose {@link #recipientKinds} holds its {@code recipient_kind} ({@link OutboundSenders}: each kind
 * has exactly one sender); adding a kind of delivery is one class implementing this.
 *
 * <p>The worker claims, retries and records as for every delivery; the sender only sends, idempotently: every attempt for
 * the same row must be recognisable by the receiver as the same thing (a conditional create on a stable identifier, an
 * update with a stable id, a message with a stable id). Outbound FHIR calls go through {@link DeliverySender#call}, the
 * shared path that carries the receiver's token.
 */
public interface OutboundSender {
    /** The {@code recipient_kind}s of the rows this sender delivers. */
    Set<String> recipientKinds();

    /**
     * Sends the row's content to {@code delivery.endpoint()}; returns where the receiver keeps it, or null. Throws what the
     * HAPI client throws ({@link ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException} with the receiver's
     * status): a 4xx other than 408/429 is a permanent refusal (its OperationOutcome is kept on the Task), anything else
     * is retried.
     */
    String send(Delivery delivery);

    /**
     * Where the row goes now (the endpoint directory or configuration, consulted again), for a {@code $retry} of a row that
     * had none; throws {@link AdapterException} {@code delivery-not-retryable}, saying what to configure, when there is
     * still none.
     */
    String endpoint(Delivery delivery);

    /** What the row's Task shows: its code, description, focus and recipient, and why it was not sent. */
    TaskText taskText(Delivery delivery);

    /**
     * What a Task of one kind shows.
     *
     * @param code the Task's code, with {@code text} as its text
     * @param focusType the resource type of the Task's focus ({@code <focusType>/<documentId>})
     * @param recipient the display of {@code restriction.recipient}
     * @param noEndpoint the status reason of a row in {@code no-endpoint}
     * @param superseded the status reason of a row in {@code superseded}
     */
    record TaskText(Coding code, String text, String description, String focusType, String recipient, String noEndpoint,
                    String superseded) {

        /**
         * A document sent to an organisation named in the endpoint directory: the recipient shown by its name (else
         * {@code otherwise}); no endpoint means the directory does not know it; superseded means a correction replaced it.
         */
        public static TaskText toOrganisation(Delivery d, Coding code, String text, String description, String focusType,
                                              String otherwise) {
            return new TaskText(code, text, description, focusType, d.recipientName() != null ? d.recipientName() : otherwise,
                    "the endpoint directory knows no FHIR server for " + (d.recipientName() == null ? "the recipient" : d.recipientName()),
                    "a corrected final status replaced this one before it was delivered");
        }

        /** {@code text}, followed by the recipient's name when it has one. */
        public static String named(String text, Delivery d) {
            return text + (d.recipientName() == null ? "" : " " + d.recipientName());
        }
    }
}
