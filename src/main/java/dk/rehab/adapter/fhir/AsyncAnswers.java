package dk.rehab.adapter.fhir;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.security.Caller;
import dk.rehab.adapter.security.Decision;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;

/**
 * The pieces of the FHIR asynchronous request pattern that the annual report and the bulk export share: whether the
 * client asked for it ({@code Prefer: respond-async}), the base URL a status URL is built on, and the answers of a
 * status URL written outside HAPI (202 with {@code X-Progress}, an OperationOutcome with its error's status).
 */
public final class AsyncAnswers {
    private AsyncAnswers() {
    }

    /** Whether the request's {@code Prefer} header asks for {@code respond-async}. */
    public static boolean wantsAsync(HttpServletRequest request) {
        return preference(request, "respond-async");
    }

    /** Whether the request's {@code Prefer} header holds {@code token} (e.g. {@code handling=lenient}). */
    public static boolean preference(HttpServletRequest request, String token) {
        var headers = request.getHeaders("Prefer");
        while (headers != null && headers.hasMoreElements()) {
            for (String part : headers.nextElement().split("[,;]")) {
                if (part.trim().toLowerCase(Locale.ROOT).replace(" ", "").equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The server's own base (scheme, host, port and context path), without {@code /fhir}. */
    public static String base(HttpServletRequest request) {
        StringBuffer url = request.getRequestURL();
        return url.substring(0, url.length() - request.getRequestURI().length()) + request.getContextPath();
    }

    /** 202 Accepted while the job runs: {@code X-Progress} and {@code Retry-After}, no body. */
    public static ResponseEntity<byte[]> inProgress(String progress) {
        return ResponseEntity.status(202).header("X-Progress", progress).header("Retry-After", "1").body(new byte[0]);
    }

    /** The first problem's status with the OperationOutcome of all of them. */
    public static ResponseEntity<byte[]> error(FhirContext fhir, List<Problem> problems) {
        return ResponseEntity.status(problems.get(0).code().httpStatus()).header("Content-Type", Outcomes.FHIR_JSON)
                .body(fhir.newJsonParser().encodeResourceToString(Outcomes.of(problems)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * 403 {@code forbidden} for a status or file URL when there is no authenticated caller or {@code rule} refuses it
     * (with the rule's reason); null when the caller may go on.
     */
    public static ResponseEntity<byte[]> refused(FhirContext fhir, Caller caller, Function<Caller, Decision> rule) {
        if (caller == null) {
            return error(fhir, ErrorCode.FORBIDDEN, "no authenticated caller");
        }
        Decision decision = rule.apply(caller);
        return decision.allowed() ? null : error(fhir, ErrorCode.FORBIDDEN, decision.reason());
    }

    /** One problem's answer. */
    public static ResponseEntity<byte[]> error(FhirContext fhir, ErrorCode code, String message) {
        return error(fhir, List.of(new Problem(code, message, null)));
    }
}
