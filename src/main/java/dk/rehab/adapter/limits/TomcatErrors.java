package dk.rehab.adapter.limits;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.config.FhirContexts;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Outcomes;
import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error answer (its HTML page, e.g. for a request line and headers larger than
 * {@code server.max-http-request-header-size}, or a request target Tomcat cannot parse) as an OperationOutcome in FHIR
 * JSON with a stable code. Installed as the host's error report valve by {@link LimitsConfig}; what the application
 * answers itself has a body already and is left alone. Tomcat answers a too-large header with 400; it becomes 431
 * {@code headers-too-large}.
 */
public class TomcatErrors extends ErrorReportValve {
    private static final FhirContext FHIR = FhirContexts.shared();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Throwable cause = throwable != null ? throwable : attribute instanceof Throwable t ? t : null;
        String said = (response.getMessage() + " " + (cause == null ? "" : cause.getMessage())).toLowerCase(Locale.ROOT);
        ErrorCode code;
        String message;
        if (status == 431 || status == 400 && said.contains("header") && said.contains("too large")) {
            code = ErrorCode.HEADERS_TOO_LARGE;
            message = "the request line and headers are larger than the adapter takes (adapter.limits.max-header-size); "
                    + "send long searches as POST [type]/_search with a form body";
        } else if (status == 413) {
            code = ErrorCode.PAYLOAD_TOO_LARGE;
            message = "the body is larger than the adapter takes (adapter.limits.max-body-size)";
        } else if (status == 404) {
            code = ErrorCode.NOT_FOUND;
            message = "nothing is served at this path: the FHIR API is under /fhir, GGOP documents go to POST /medcom/ggop";
        } else if (status == 405) {
            code = ErrorCode.METHOD_NOT_ALLOWED;
            message = "the method is not supported at this path";
        } else if (status < 500) {
            code = ErrorCode.INVALID_REQUEST;
            message = "the HTTP request cannot be understood (request line, URL escapes or headers)";
        } else {
            code = ErrorCode.INTERNAL_ERROR;
            message = ErrorCode.INTERNAL_ERROR.display();
        }
        try {
            Outcomes.write(FHIR, response, code, message);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response is committed: nothing more can be said
        }
    }
}
