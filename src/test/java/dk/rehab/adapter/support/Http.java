package dk.rehab.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Raw HTTP for tests that must see exactly what a client sees: status, headers, body. Every request carries a
 * municipality token ({@link TestTokens}) unless {@link #withToken} or {@link #withoutToken} says otherwise.
 */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final FhirContext fhir;
    private final String base;
    private final String token;

    public Http(FhirContext fhir, String base) {
        this(fhir, base, TestTokens.municipality());
    }

    private Http(FhirContext fhir, String base, String token) {
        this.fhir = fhir;
        this.base = base;
        this.token = token;
    }

    /** The same, sending {@code bearerToken} (any text: a malformed one too) instead. */
    public Http withToken(String bearerToken) {
        return new Http(fhir, base, bearerToken);
    }

    /** The same, sending no Authorization header at all. */
    public Http withoutToken() {
        return new Http(fhir, base, null);
    }

    /** The same against another base (e.g. the server root rather than /fhir). */
    public Http at(String otherBase) {
        return new Http(fhir, otherBase, token);
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, byte[] body, FhirContext fhir) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public <T extends Resource> T resource(Class<T> type) {
            String text = text();
            return text.trim().startsWith("<") ? fhir.newXmlParser().parseResource(type, text) : fhir.newJsonParser().parseResource(type, text);
        }

        /** The body as whatever resource it is. */
        public Resource any() {
            String text = text();
            return (Resource) (text.trim().startsWith("<") ? fhir.newXmlParser().parseResource(text) : fhir.newJsonParser().parseResource(text));
        }

        public OperationOutcome outcome() {
            return resource(OperationOutcome.class);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        /** Asserts the status and that the body is an OperationOutcome whose first issue has {@code code} in details. */
        public OperationOutcome assertError(int expectedStatus, String code) {
            assertThat(status).as("HTTP status of %s", text()).isEqualTo(expectedStatus);
            OperationOutcome outcome = outcome();
            assertThat(outcome.getIssue()).isNotEmpty();
            assertThat(outcome.getIssueFirstRep().getDetails().getCodingFirstRep().getSystem())
                    .isEqualTo("http://rehab-adapter.dk/fhir/CodeSystem/error-codes");
            assertThat(outcome.getIssue()).as("issues of %s", text())
                    .anyMatch(i -> code.equals(i.getDetails().getCodingFirstRep().getCode()));
            return outcome;
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().header("Accept", "application/fhir+json"));
    }

    /** GET with these headers (name, value, name, value …), and Accept: FHIR JSON unless they name another. */
    public Response getWith(String path, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(uri(path)).GET(), headers));
    }

    /** GET with this Accept header. */
    public Response send(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).GET().header("Accept", accept));
    }

    public Response post(String path, String contentType, String body, String... headers) {
        return postBytes(path, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    public Response postBytes(String path, String contentType, byte[] body, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType), headers));
    }

    public Response put(String path, String body, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/fhir+json"), headers));
    }

    /** PUT of {@code resource} with {@code If-Match} naming the version it carries (meta.versionId), as an update must. */
    public Response update(String path, Resource resource) {
        String version = resource.getMeta().getVersionId();
        if (version == null) {
            throw new IllegalArgumentException("the resource has no meta.versionId to name in If-Match");
        }
        return put(path, fhir.newJsonParser().encodeResourceToString(resource), "If-Match", "W/\"" + version + "\"");
    }

    /** Adds the headers (name, value, name, value …), and Accept: FHIR JSON unless they name another. */
    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String... headers) {
        boolean accept = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            accept |= headers[i].equalsIgnoreCase("Accept");
        }
        return accept ? request : request.header("Accept", "application/fhir+json");
    }

    public Response json(String path, Resource resource, String... headers) {
        return post(path, "application/fhir+json", fhir.newJsonParser().encodeResourceToString(resource), headers);
    }

    /** PATCH with a JSON Patch body. */
    public Response patch(String path, String body, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(uri(path)).method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json-patch+json"), headers));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private URI uri(String path) {
        return URI.create(base + (path.isEmpty() || path.startsWith("/") || path.startsWith("?") ? path : "/" + path)
                .replace("|", "%7C"));
    }

    private Response send(HttpRequest.Builder request) {
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().map(), response.body(), fhir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
