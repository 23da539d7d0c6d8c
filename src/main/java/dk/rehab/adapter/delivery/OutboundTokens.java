package dk.rehab.adapter.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bearer tokens for the receivers of outbound calls (final statuses, acknowledgements, whatever else goes out through the
 * outbox), got from each receiver's authorisation server by OAuth 2.0 client credentials with {@code private_key_jwt}
 * (SMART Backend Services): {@code POST token-url} with {@code grant_type=client_credentials}, the configured
 * {@code scope}, and a client assertion — a JWT signed RS384 or ES384 with {@code iss = sub = client-id},
 * {@code aud = token-url}, a fresh {@code jti}, {@code exp} five minutes ahead. Which receiver wants which is in the
 * endpoint directory ({@code adapter.delivery.endpoints[n].token-url}, …); a URL whose entry has no token-url gets none.
 *
 * <p>A token is kept until {@code expires_in} minus a margin (a minute, or half its life if that is shorter) and shared by
 * every call to that receiver; {@link #invalidate} drops it after the receiver answered 401, so the next call gets a fresh
 * one. A refusal (400/401 with an OAuth error), another status, an unreadable answer or an unreachable server is an
 * {@link OutboundAuthFailure} naming the server, the client id and the OAuth error — never a token or an assertion.
 * Tokens are never logged.
 */
@Component
public class OutboundTokens {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundTokens.class);
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
    private static final Duration MARGIN = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EndpointDirectory directory;
    private final Map<String, ClientKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Token> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final Duration timeout;

    public OutboundTokens(EndpointDirectory directory, DeliveryProperties properties) {
        this.directory = directory;
        this.timeout = properties.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        // Every key is read at start: a missing or unusable key stops the adapter instead of failing deliveries later.
        for (DeliveryProperties.Endpoint e : directory.authenticating()) {
            String entry = "adapter.delivery.endpoints (" + e.url() + ")";
            if (e.clientId() == null || e.clientId().isBlank()) {
                throw new IllegalArgumentException(entry + ": a token-url needs a client-id");
            }
            URI.create(e.tokenUrl());
            keys.put(cacheKey(e), ClientKey.load(e.key(), e.keyId(), entry));
        }
    }

    /** The bearer token for a call to {@code url}; empty when its receiver wants none. */
    public Optional<String> token(String url) {
        Optional<DeliveryProperties.Endpoint> endpoint = directory.authorisationFor(url);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        String key = cacheKey(endpoint.get());
        Token cached = cache.get(key);
        if (cached != null && cached.fresh()) {
            return Optional.of(cached.value());
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            cached = cache.get(key);
            if (cached != null && cached.fresh()) {
                return Optional.of(cached.value());
            }
            Token fetched = fetch(endpoint.get(), keys.get(key));
            cache.put(key, fetched);
            return Optional.of(fetched.value());
        }
    }

    /** Forgets {@code token} for {@code url}'s receiver (it answered 401 to it); a newer token stays. */
    public void invalidate(String url, String token) {
        directory.authorisationFor(url).ifPresent(e -> cache.computeIfPresent(cacheKey(e), (k, t) -> t.value().equals(token) ? null : t));
    }

    private Token fetch(DeliveryProperties.Endpoint endpoint, ClientKey key) {
        String server = "the authorisation server " + endpoint.tokenUrl();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (endpoint.scope() != null && !endpoint.scope().isBlank()) {
            form.put("scope", endpoint.scope());
        }
        form.put("client_assertion_type", ASSERTION_TYPE);
        form.put("client_assertion", assertion(endpoint, key));
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(endpoint.tokenUrl())).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OutboundAuthFailure("cannot get an access token: " + server + " did not answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboundAuthFailure("interrupted while asking " + server + " for an access token");
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() != 200) {
            String error = answer == null ? null : answer.path("error").asText(null);
            String description = answer == null ? null : answer.path("error_description").asText(null);
            throw new OutboundAuthFailure(server + " refused the token request of client " + endpoint.clientId() + " (HTTP "
                    + response.statusCode() + (error == null ? "" : ", " + shorten(error, 60)) + (description == null ? "" : ": " + shorten(description, 200))
                    + ")");
        }
        String token = answer == null ? null : answer.path("access_token").asText(null);
        String type = answer == null ? null : answer.path("token_type").asText("bearer");
        if (token == null || token.isBlank() || !"bearer".equalsIgnoreCase(type)) {
            throw new OutboundAuthFailure(server + " answered 200 without a bearer access_token");
        }
        long expiresIn = answer.path("expires_in").asLong(0);
        Instant now = Instant.now();
        Duration life = Duration.ofSeconds(Math.max(0, expiresIn));
        Duration margin = life.compareTo(MARGIN.multipliedBy(2)) < 0 ? life.dividedBy(2) : MARGIN;
        LOG.info("access token from {} for client {}, valid {} s", endpoint.tokenUrl(), endpoint.clientId(), expiresIn);
        return new Token(token, now.plus(life).minus(margin));
    }

    /** The client assertion: a JWT of at most five minutes, unique jti, signed with the client's key. */
    private static String assertion(DeliveryProperties.Endpoint endpoint, ClientKey key) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(endpoint.clientId()).subject(endpoint.clientId())
                .audience(endpoint.tokenUrl()).jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME))).build();
        JWSHeader.Builder header = new JWSHeader.Builder(key.algorithm()).type(JOSEObjectType.JWT);
        if (key.keyId() != null) {
            header.keyID(key.keyId());
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new OutboundAuthFailure("cannot sign the client assertion for " + endpoint.tokenUrl() + ": " + e.getClass().getSimpleName());
        }
        return jwt.serialize();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String shorten(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "…" : text;
    }

    private static String cacheKey(DeliveryProperties.Endpoint e) {
        return e.tokenUrl() + "|" + e.clientId() + "|" + e.scope() + "|" + e.key() + "|" + e.keyId();
    }

    private record Token(String value, Instant until) {
        boolean fresh() {
            return Instant.now().isBefore(until);
        }

        @Override
        public String toString() {
            return "Token[until " + until + "]"; // never the value
        }
    }

    /** No token could be had for an outbound call: a clear reason for the delivery's Task, no token, no CPR number. */
    public static final class OutboundAuthFailure extends RuntimeException {
        public OutboundAuthFailure(String message) {
            super(message, null, false, false);
        }
    }
}
