package dk.rehab.adapter.delivery;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dk.rehab.adapter.fhir.WriteTransactions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Works through the delivery outbox: claims due deliveries with a lease (an atomic conditional update, so several
 * instances on one database never send the same row at once, and a crashed instance's claims expire), sends each
 * (with the {@link OutboundSender} of its recipient kind, {@link OutboundSenders}), and records the
 * outcome with the Task in one transaction: {@code delivered} with the time, or another attempt after a back-off
 * (initial × 2^(attempts−1), at most max-backoff), or {@code failed} after max-attempts or at once when the receiver
 * refuses the document itself (4xx other than 408/429; not a 401 to a fresh access token, nor a token endpoint's
 * refusal: those are retried, see {@link OutboundTokens}). Nothing is held in
 * memory between polls: a restarted adapter continues where the database says. Time comes from the {@link java.time.Clock}
 * bean (the system clock; tests move it).
 */
@Component
public class DeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Deliveries deliveries;
    private final OutboundSenders senders;
    private final DeliveryProperties properties;
    private final WriteTransactions transactions;
    private final java.time.Clock clock;
    private final dk.rehab.adapter.audit.Audits audits;
    private final ca.uhn.fhir.context.FhirContext fhir;

    public DeliveryWorker(Deliveries deliveries, OutboundSenders senders, DeliveryProperties properties, WriteTransactions transactions,
                          java.time.Clock clock, dk.rehab.adapter.audit.Audits audits, ca.uhn.fhir.context.FhirContext fhir) {
        this.clock = clock;
        this.deliveries = deliveries;
        this.senders = senders;
        this.properties = properties;
        this.transactions = transactions;
        this.audits = audits;
        this.fhir = fhir;
    }

    @Scheduled(fixedDelayString = "${adapter.delivery.poll-interval:1s}", initialDelayString = "${adapter.delivery.poll-interval:1s}")
    public void poll() {
        if (!properties.enabled()) {
            return;
        }
        try {
            while (runOnce() > 0) {
                // keep going while there is due work
            }
        } catch (RuntimeException e) {
            LOG.warn("delivery poll failed: {}", Deliveries.error(e.toString()));
        }
    }

    /** One round: claims up to {@code batch} due deliveries and attempts each. Returns how many were attempted. */
    public int runOnce() {
        Instant now = clock.instant();
        List<String> due = deliveries.due(now, properties.batch());
        int attempted = 0;
        for (String taskId : due) {
            // The clock is read again for each claim: a batch can take longer than a lease, and a claim that ran out before
            // it was made would let another instance send the same delivery at the same time.
            Instant claimedAt = clock.instant();
            if (deliveries.claim(taskId, claimedAt, claimedAt.plus(properties.lease()))) {
                attempt(taskId);
                attempted++;
            }
        }
        return attempted;
    }

    private void attempt(String taskId) {
        Delivery d = deliveries.find(taskId).orElseThrow();
        try {
            record(taskId, Outcome.delivered(senders.of(d).send(d)));
        } catch (OutboundTokens.OutboundAuthFailure e) {
            // no token from the receiver's authorisation server (down, or refusing): tried again like an unreachable receiver
            record(taskId, Outcome.failed(e.getMessage(), false));
        } catch (BaseServerResponseException e) {
            int status = e.getStatusCode();
            boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
            String refusal = e.getOperationOutcome() == null ? null : fhir.newJsonParser().encodeResourceToString(e.getOperationOutcome());
            record(taskId, new Outcome(false, null, "HTTP " + status + " from " + d.endpoint() + ": " + e.getMessage(), permanent,
                    status >= 400 && status < 500 ? refusal : null));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof java.util.concurrent.TimeoutException)) {
                cause = cause.getCause();
            }
            String message = cause instanceof java.util.concurrent.TimeoutException ? e.getMessage() : cause.getMessage();
            record(taskId, Outcome.failed(cause.getClass().getSimpleName() + " sending to " + d.endpoint() + ": " + message, false));
        }
    }

    /** @param refusal the receiver's OperationOutcome (FHIR JSON) when it refused with a 4xx, else null */
    record Outcome(boolean delivered, String location, String error, boolean permanent, String refusal) {
        static Outcome delivered(String location) {
            return new Outcome(true, location, null, false, null);
        }

        static Outcome failed(String error, boolean permanent) {
            return new Outcome(false, null, error, permanent, null);
        }
    }

    private void record(String taskId, Outcome outcome) {
        transactions.run(() -> {
            Optional<Delivery> locked = deliveries.lock(taskId);
            if (locked.isEmpty()) {
                return null;
            }
            Delivery d = locked.get();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            int attempts = d.attempts() + 1;
            Delivery next;
            if (d.state() == Delivery.State.DELIVERED) {
                // A late outcome of an attempt whose lease ran out while another attempt (here or in another instance) delivered:
                // delivered stays delivered, so a stale failure never makes it due again; the attempt is still counted.
                next = with(d, Delivery.State.DELIVERED, attempts, null, null, d.deliveredAt(), d.receiverLocation());
            } else if (outcome.delivered()) {
                next = with(d, Delivery.State.DELIVERED, attempts, null, null, now, outcome.location());
            } else if (d.state() == Delivery.State.SUPERSEDED) {
                next = with(d, Delivery.State.SUPERSEDED, attempts, null, Deliveries.error(outcome.error()), null, null);
            } else if (outcome.permanent() || attempts >= properties.maxAttempts()) {
                next = with(d, Delivery.State.FAILED, attempts, null, Deliveries.error(outcome.error()), null, null);
            } else {
                next = with(d, Delivery.State.RETRYING, attempts, now.plus(backoff(attempts)), Deliveries.error(outcome.error()), null, null);
            }
            if (outcome.refusal() != null && (next.state() == Delivery.State.FAILED || next.state() == Delivery.State.RETRYING)) {
                deliveries.save(next, outcome.refusal());
            } else if (outcome.delivered() && d.state() != Delivery.State.DELIVERED) {
                deliveries.save(next, null); // delivered after a refusal (e.g. $retry once KL's objection was fixed): the refusal is history
            } else {
                deliveries.save(next);
            }
            // the audit trail: the final status sent out (or the attempt that failed), with the Task's new state
            audits.delivery(d.recipientKind(), d.recipientValue(), d.endpoint(), d.patientId(),
                    d.documentId(), d.taskId(), outcome.delivered() ? 0 : outcome.permanent() ? 4 : 8,
                    outcome.delivered() ? "delivered" : outcome.permanent() ? "refused by the receiver" : "not delivered");
            return null;
        });
    }

    Duration backoff(int attempts) {
        Duration wait = properties.initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(properties.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : wait;
    }

    static Delivery with(Delivery d, Delivery.State state, int attempts, Instant nextAttempt, String error, Instant deliveredAt, String location) {
        return new Delivery(d.taskId(), d.documentId(), d.patientId(), d.recipientKind(), d.recipientSystem(), d.recipientValue(),
                d.recipientName(), d.recipientRef(), d.endpoint(), state, attempts, nextAttempt, error, deliveredAt, location, d.created(), d.payload());
    }
}
