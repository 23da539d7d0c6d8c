package dk.rehab.adapter.message;

import dk.rehab.adapter.audit.Audits;
import dk.rehab.adapter.delivery.OutboundTokens;
import dk.rehab.adapter.delivery.OutboundHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the acknowledgements of {@link AckOutbox}: {@code POST {endpoint}/$process-message} with the
 * acknowledgement message (FHIR JSON), with a bearer token when the endpoint directory has a {@code token-url} for the
 * endpoint (see {@link OutboundTokens}; a 401 gets one more try with a fresh token). A 2xx answer marks the row delivered; anything else is retried with
 * back-off until {@code adapter.messaging.max-attempts}. The rows are in the database, so a restart loses
 * nothing: the next run picks up what was not delivered. Each row is claimed with a row lock in its own transaction
 * ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL), so several instances never deliver the same row at once, and an
 * instance that dies mid-send releases its row to the others as soon as the database sees its connection end. Every
 * attempt writes an AuditEvent (type 110106 export, the sending hospital as the destination, the plan's Patient and
 * ServiceRequest and the acknowledgement Bundle as entities) in the transaction that records the attempt's outcome.
 */
@Component
public class AckDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(AckDelivery.class);
    private final AckOutbox outbox;
    private final TransactionTemplate tx;
    private final OutboundHttp http;
    private final Duration timeout;
    private final OutboundTokens tokens;
    private final Audits audits;

    public AckDelivery(AckOutbox outbox, PlatformTransactionManager transactions, dk.rehab.adapter.config.AdapterProperties properties,
                       OutboundTokens tokens, Audits audits) {
        this.outbox = outbox;
        this.audits = audits;
        this.tokens = tokens;
        this.tx = new TransactionTemplate(transactions);
        this.timeout = properties.messaging().deliveryTimeout();
        this.http = new OutboundHttp(tokens, timeout, timeout);
    }

    @Scheduled(fixedDelayString = "${adapter.messaging.delivery-interval:PT5S}", initialDelayString = "${adapter.messaging.delivery-interval:PT5S}")
    public void deliverDue() {
        // One row per transaction: what a row's answer was is committed before the next row is sent, so an instance killed
        // in the middle leaves at most the one row it was sending undecided (sent again later; the receiver deduplicates it
        // by the acknowledgement's Bundle.id, which every attempt repeats).
        for (int i = 0; i < 1000; i++) {
            Integer claimed = tx.execute(status -> {
                List<AckOutbox.Pending> due = outbox.claimDue(1);
                due.forEach(this::deliver);
                return due.size();
            });
            if (claimed == null || claimed == 0) {
                return;
            }
        }
    }

    private void deliver(AckOutbox.Pending pending) {
        String url = pending.endpoint().replaceAll("/+$", "") + "/$process-message";
        int outcome;
        String outcomeDesc;
        try {
            int status = http.postFhirJson(pending.endpoint(), url, pending.body()).statusCode();
            if (status / 100 == 2) {
                outbox.delivered(pending.id());
                outcome = 0;
                outcomeDesc = "delivered";
            } else {
                outbox.failed(pending.id(), pending.attempts(), "HTTP " + status);
                outcome = status / 100 == 4 ? 4 : 8;
                outcomeDesc = (outcome == 4 ? "refused by the receiver: HTTP " : "not delivered: HTTP ") + status;
            }
        } catch (OutboundTokens.OutboundAuthFailure e) {
            outbox.failed(pending.id(), pending.attempts(), e.getMessage());
            outcome = 8;
            outcomeDesc = "not delivered: no token from the receiver's authorisation server";
        } catch (java.io.IOException | IllegalArgumentException e) {
            outbox.failed(pending.id(), pending.attempts(), e.toString());
            outcome = 8;
            outcomeDesc = "not delivered: " + e.getClass().getSimpleName();
        }
        // the audit trail: the acknowledgement sent out (or the attempt that failed), committed with the row's new state
        AckOutbox.Subject subject = outbox.subject(pending);
        audits.acknowledgement(subject.sender(), pending.endpoint(), subject.patientId(), subject.planId(), subject.ackId(), outcome, outcomeDesc);
        LOG.debug("acknowledgement {} delivery attempt to {}", pending.id(), pending.endpoint());
    }
}
