package dk.rehab.adapter.limits;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Outcomes;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The errors the servlet container and Spring answer themselves (a path nothing serves, a method a path does not take,
 * an HTTP method no servlet knows, a fault outside the FHIR server) as OperationOutcomes with a stable code, in place of
 * Spring Boot's JSON error. An unknown HTTP method (501 from the servlet) is the client's: 405 {@code method-not-allowed}.
 * A fault stays a 500 {@code internal-error}.
 */
@RestController
public class ContainerErrors implements ErrorController {
    private static final MediaType FHIR_JSON = MediaType.parseMediaType(Outcomes.FHIR_JSON);
    private final FhirContext fhir;

    public ContainerErrors(FhirContext fhir) {
        this.fhir = fhir;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = attribute instanceof Integer code ? code : 500;
        ErrorCode code;
        String message;
        if (status == 404) {
            code = ErrorCode.NOT_FOUND;
            message = "nothing is served at this path: the FHIR API is under /fhir, GGOP documents go to POST /medcom/ggop";
        } else if (status == 405 || status == 501) {
            code = ErrorCode.METHOD_NOT_ALLOWED;
            message = "the method " + request.getMethod() + " is not supported at this path";
        } else if (status == 413) {
            code = ErrorCode.PAYLOAD_TOO_LARGE;
            message = "the body is larger than the adapter takes (adapter.limits.max-body-size)";
        } else if (status == 415) {
            code = ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            message = "the content type is not one this path takes";
        } else if (status >= 400 && status < 500) {
            code = ErrorCode.INVALID_REQUEST;
            message = "the request cannot be understood";
        } else {
            code = ErrorCode.INTERNAL_ERROR;
            message = ErrorCode.INTERNAL_ERROR.display();
        }
        return ResponseEntity.status(code.httpStatus()).contentType(FHIR_JSON)
                .body(Outcomes.json(fhir, code, message));
    }
}
