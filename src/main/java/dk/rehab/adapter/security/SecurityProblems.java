package dk.rehab.adapter.security;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Outcomes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * The answers of the security layer, in the adapter's error shape: 401 {@code unauthenticated} (with
 * {@code WWW-Authenticate: Bearer error="invalid_token"}), 403 {@code forbidden}, and 400 {@code invalid-request}
 * for a URL the firewall refuses. The description never repeats the token.
 */
@Component
public class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {
    private final FhirContext fhir;

    public SecurityProblems(FhirContext fhir) {
        this.fhir = fhir;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) throws IOException {
        String reason = description(request, failure);
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + reason.replace("\"", "'") + "\"");
        write(response, ErrorCode.UNAUTHENTICATED, reason);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        write(response, ErrorCode.FORBIDDEN, "the token's client kind or scopes do not allow this request");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected) throws IOException {
        write(response, ErrorCode.INVALID_REQUEST, "the request URL is not allowed (encoded slashes, dots or control characters)");
    }

    /** Writes {@code code}'s OperationOutcome with {@code message} as the answer. */
    public void write(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        Outcomes.write(fhir, response, code, message);
        response.flushBuffer();
    }

    private static String description(HttpServletRequest request, AuthenticationException failure) {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return "no bearer token: send Authorization: Bearer <token>";
        }
        if (failure instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null) {
            String text = oauth.getError().getDescription();
            // Spring's descriptions name the failed check; cut anything after a colon, where a parser may quote input.
            int colon = text.indexOf(':');
            return "the bearer token is not valid: " + Outcomes.scrub(colon > 0 && text.startsWith("An error occurred") ? text.substring(colon + 1).trim() : text);
        }
        return "the bearer token is not valid";
    }
}
