package dk.rehab.adapter.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The one way a payload that is not sent with the HAPI client (messages to {@code $process-message}, acknowledgements)
 * goes out: a POST of FHIR JSON with the delivery's timeouts, carrying the receiver's bearer token when the endpoint
 * directory gives its {@code base} a token endpoint ({@link OutboundTokens}); a 401 to a cached token gets one more
 * try with a fresh one. Network trouble is an {@link IOException}; no token from the authorisation server is an
 * {@link OutboundTokens.OutboundAuthFailure} (both retried by the outboxes).
 */
@Component
public class OutboundHttp {
    private final OutboundTokens tokens;
    private final HttpClient http;
    private final Duration timeout;

    @org.springframework.beans.factory.annotation.Autowired
    public OutboundHttp(OutboundTokens tokens, DeliveryProperties properties) {
        this(tokens, properties.connectTimeout(), properties.timeout());
    }

    public OutboundHttp(OutboundTokens tokens, Duration connectTimeout, Duration timeout) {
        this.tokens = tokens;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** POSTs {@code body} (FHIR JSON) to {@code url}, a URL under the receiver's {@code base}. */
    public HttpResponse<String> postFhirJson(String base, String url, String body) throws IOException {
        String token = tokens.token(base).orElse(null);
        HttpResponse<String> response = post(url, body, token);
        if (response.statusCode() == 401 && token != null) {
            // the receiver no longer takes the cached token (expired early, revoked): once more with a fresh one
            tokens.invalidate(base, token);
            response = post(url, body, tokens.token(base).orElseThrow());
        }
        return response;
    }

    private HttpResponse<String> post(String url, String body, String token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
