package dk.rehab.adapter.delivery;

import java.time.Instant;

/**
 * One row of the delivery outbox: a final status to one recipient, or (recipient kind {@link #CITIZEN}) a
 * Communication to the citizen through digital post, and where its delivery stands. {@code documentId} is the id of
 * the DocumentReference, or of the Communication for the citizen.
 */
public record Delivery(String taskId, String documentId, String patientId, String recipientKind, String recipientSystem,
                       String recipientValue, String recipientName, String recipientRef, String endpoint, State state, int attempts,
                       Instant nextAttempt, String lastError, Instant deliveredAt, String receiverLocation, Instant created) {

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
