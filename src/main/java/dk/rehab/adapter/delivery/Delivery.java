package dk.rehab.adapter.delivery;

import java.time.Instant;

/**
 * One row of the delivery outbox: what it sends ({@code payload}: a final status, or a transferred plan; or, recipient
 * kind {@link #CITIZEN}, a Communication to the citizen through digital post) to one recipient, and where its delivery
 * stands. {@code documentId} is the payload's focus: the DocumentReference of a final status, the ServiceRequest of a
 * transfer, the Communication for the citizen.
 */
public record Delivery(String taskId, String documentId, String patientId, String recipientKind, String recipientSystem,
                       String recipientValue, String recipientName, String recipientRef, String endpoint, State state, int attempts,
                       Instant nextAttempt, String lastError, Instant deliveredAt, String receiverLocation, Instant created,
                       String payload) {
    /** A final status (DocumentReference), sent by {@link DeliverySender}. */
    public static final String FINAL_STATUS = "final-status";
    /** A transferred plan (ServiceRequest), sent by the {@link PayloadSender} of that name. */
    public static final String TRANSFER = "transfer";

    /** A final status's delivery. */
    public Delivery(String taskId, String documentId, String patientId, String recipientKind, String recipientSystem,
                    String recipientValue, String recipientName, String recipientRef, String endpoint, State state, int attempts,
                    Instant nextAttempt, String lastError, Instant deliveredAt, String receiverLocation, Instant created) {
        this(taskId, documentId, patientId, recipientKind, recipientSystem, recipientValue, recipientName, recipientRef, endpoint, state,
                attempts, nextAttempt, lastError, deliveredAt, receiverLocation, created, FINAL_STATUS);
    }

    public boolean transfer() {
        return TRANSFER.equals(payload);
    }

    /** The recipient kind of a Communication sent to the citizen through digital post (contact letter, reminder). */
    public static final String CITIZEN = "citizen";

    public boolean toCitizen() {
        return CITIZEN.equals(recipientKind);
    }

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
