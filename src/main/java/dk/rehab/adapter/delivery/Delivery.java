package dk.rehab.adapter.delivery;

import java.time.Instant;

/** One row of the delivery outbox: a final status to one recipient, and where its delivery stands. */
public record Delivery(String taskId, String documentId, String patientId, String recipientKind, String recipientSystem,
                       String recipientValue, String recipientName, String recipientRef, String endpoint, State state, int attempts,
                       Instant nextAttempt, String lastError, Instant deliveredAt, String receiverLocation, Instant created) {

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
