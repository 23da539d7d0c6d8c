package dk.rehab.adapter.delivery;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery of final statuses, under {@code adapter.delivery}: the endpoint directory (which FHIR server serves a
 * recipient known by SOR id, EAN/GLN or ydernummer) and how the worker sends and retries.
 *
 * @param enabled run the delivery worker in this instance
 * @param pollInterval how often the worker looks for due deliveries
 * @param maxAttempts attempts before a delivery is {@code failed} (then only {@code $retry} sends it again)
 * @param initialBackoff wait after the first failed attempt; doubled after each further one
 * @param maxBackoff the longest wait between attempts
 * @param connectTimeout connecting to a recipient's server
 * @param timeout waiting for a recipient's answer
 * @param lease how long a claimed delivery is reserved for the instance sending it; a crashed instance's claims expire after it
 *              (another instance then takes the delivery over); longer than connect-timeout + timeout, and four times that
 *              when an endpoint has a token-url
 * @param batch deliveries claimed at a time
 * @param endpoints the endpoint directory
 */
@ConfigurationProperties("adapter.delivery")
public record DeliveryProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("5s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("3m") Duration lease,
        @DefaultValue("20") int batch,
        List<Endpoint> endpoints) {

    public DeliveryProperties {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("adapter.delivery.max-attempts must be at least 1");
        }
        // An attempt is one call, or with a token endpoint up to four (token, send; after a 401 a new token, send again).
        int calls = endpoints.stream().anyMatch(Endpoint::authenticates) ? 4 : 1;
        if (lease != null && timeout != null && connectTimeout != null
                && lease.compareTo(timeout.plus(connectTimeout).multipliedBy(calls)) <= 0) {
            throw new IllegalArgumentException("adapter.delivery.lease must be longer than " + (calls == 1 ? "" : calls + " x ")
                    + "(connect-timeout + timeout)" + (calls == 1 ? "" : " when an endpoint has a token-url (an attempt may make four calls)")
                    + ": a lease that runs out while its attempt still waits lets another instance send the same delivery at the same time");
        }
    }

    /**
     * One entry of the endpoint directory: a recipient's identifier ({@code system}: {@code urn:oid:1.2.208.176.1.1} SOR,
     * {@code http://www.gs1.org/gln} or {@code https://www.gs1.org/gln} EAN/GLN, {@code urn:oid:1.2.208.176.1.4} ydernummer)
     * and the base URL of its FHIR server; and, when the receiver wants a bearer token, how to get one from its
     * authorisation server (OAuth 2.0 client credentials with {@code private_key_jwt}, SMART Backend Services).
     *
     * @param tokenUrl the receiver's token endpoint; none: requests carry no token
     * @param clientId the adapter's client id there (the {@code iss} and {@code sub} of the client assertion)
     * @param key the private key the client assertion is signed with: a JWK (or JWK Set) file, a PKCS#8 PEM file, or the PEM
     *            itself; RSA (RS384) or EC P-384 (ES384)
     * @param keyId the {@code kid} of the assertion; default the JWK's {@code kid}, else (RSA) its RFC 7638 thumbprint
     * @param scope the scopes asked for (e.g. {@code system/DocumentReference.c}); none: no scope parameter
     */
    public record Endpoint(String system, String value, String url, String name, String tokenUrl, String clientId, String key,
                           String keyId, String scope) {
        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public Endpoint {
        }

        /** An entry whose receiver wants no token. */
        public Endpoint(String system, String value, String url, String name) {
            this(system, value, url, name, null, null, null, null, null);
        }

        public boolean authenticates() {
            return tokenUrl != null && !tokenUrl.isBlank();
        }
    }
}
