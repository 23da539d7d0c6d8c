package dk.rehab.adapter.delivery;

import java.time.Instant;

/**
 * One row of the delivery outbox: what it sends to one recipient, and where its delivery stands. Its
 * {@code recipientKind} (gp, hospital, jobcenter, admission, citizen, kl-gateway, provider, municipality) chooses the
 * {@link OutboundSender} that sends it and renders its Task; {@code payload} records what it carries ({@code final-status}
 * for a document, {@code transfer} for a transferred plan). {@code documentId} is the focus: the DocumentReference of a
 * final status, the ServiceRequest of a transfer, the Communication for the citizen, the Bundle of a KL Gateway report.
 */
public record Delivery(String taskId, String documentId, String patientId, String recipientKind, String recipientSystem,
                       String recipientValue, String recipientName, String recipientRef, String endpoint, State state, int attempts,
                       Instant nextAttempt, String lastError, Instant deliveredAt, String receiverLocation, Instant created,
                       String payload) {
    /** A document (DocumentReference), or what a kind's row carries when it says nothing else. */
    public static final String FINAL_STATUS = "final-status";
    /** A transferred plan (ServiceRequest). */
    public static final String TRANSFER = "transfer";

    /** A final status's delivery. */
    public Delivery(String taskId, String documentId, String patientId, String recipientKind, String recipientSystem,
                    String recipientValue, String recipientName, String recipientRef, String endpoint, State state, int attempts,
                    Instant nextAttempt, String lastError, Instant deliveredAt, String receiverLocation, Instant created) {
        this(taskId, documentId, patientId, recipientKind, recipientSystem, recipientValue, recipientName, recipientRef, endpoint, state,
                attempts, nextAttempt, lastError, deliveredAt, receiverLocation, created, FINAL_STATUS);
    }

    /** The recipient kind of a Communication sent to the citizen through digital post (contact letter, reminder). */
    public static final String CITIZEN = "citizen";

    /** Where a delivery stands; the code is the delivery-status code and the Task's businessStatus. */
    public enum State {
        PENDING, RETRYING, DELIVERED, FAILED, NO_CONSENT, NOT_WANTED, NO_RECIPIENT, NO_ENDPOINT, SUPERSEDED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static State of(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }

        public boolean due() {
            return this == PENDING || this == RETRYING;
        }
    }
}
