package dk.rehab.adapter.delivery;

/**
 * Sends one kind of outbox payload other than a final status (e.g. a transferred plan). The worker claims, retries and
 * records as for every delivery; the sender only sends, idempotently: every attempt for the same row must be
 * recognisable by the receiver as the same thing (a stable id it deduplicates on).
 */
public interface PayloadSender {
    /** The {@code delivery.payload} this sender sends. */
    String payload();

    /**
     * Sends the row's payload to {@code d.endpoint()}; returns where the receiver keeps it (or null). Throws a HAPI
     * {@link ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException} with the receiver's status when it refused
     * (a 4xx other than 408/429 is permanent: no retry), any other exception when it could not be reached.
     */
    String send(Delivery d);
}
