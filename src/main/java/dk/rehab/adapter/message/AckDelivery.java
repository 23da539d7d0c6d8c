package dk.rehab.adapter.message;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 * acknowledgement message (FHIR JSON). A 2xx answer marks the row delivered; anything else is retried with
 * back-off until {@code adapter.messaging.max-attempts}. The rows are in the database, so a restart loses
 * nothing: the next run picks up what was not delivered. Each run claims its rows with row locks, so several
 * instances never deliver the same row at once.
 */
@Component
public class AckDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(AckDelivery.class);
    private final AckOutbox outbox;
    private final TransactionTemplate tx;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AckDelivery(AckOutbox outbox, PlatformTransactionManager transactions) {
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${adapter.messaging.delivery-interval:PT5S}", initialDelayString = "${adapter.messaging.delivery-interval:PT5S}")
    public void deliverDue() {
        int delivered;
        do {
            delivered = tx.execute(status -> {
                List<AckOutbox.Pending> due = outbox.claimDue(10);
                due.forEach(this::deliver);
                return due.size();
            });
        } while (delivered == 10);
    }

    private void deliver(AckOutbox.Pending pending) {
        String url = pending.endpoint().replaceAll("/+$", "") + "/$process-message";
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(pending.body())).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                outbox.delivered(pending.id());
            } else {
                outbox.failed(pending.id(), pending.attempts(), "HTTP " + response.statusCode());
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            outbox.failed(pending.id(), pending.attempts(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outbox.failed(pending.id(), pending.attempts(), "interrupted");
        }
        LOG.debug("acknowledgement {} delivery attempt to {}", pending.id(), pending.endpoint());
    }
}
