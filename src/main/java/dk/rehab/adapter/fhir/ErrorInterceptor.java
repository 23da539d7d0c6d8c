package dk.rehab.adapter.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.NotImplementedOperationException;
import ca.uhn.fhir.rest.server.exceptions.NotModifiedException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives every error the adapter answers the same shape: an OperationOutcome whose issues carry a stable
 * {@link ErrorCode} in {@code details.coding}, a sentence in {@code diagnostics} (never a CPR number) and, where
 * known, the element in {@code expression}. HAPI's own exceptions (parse errors, unknown parameters, unknown
 * ids) are classified here, in one place. A server failure is logged — scrubbed of CPR numbers — and
 * answered with 500 and no internals.
 */
@Component
@Interceptor
public class ErrorInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorInterceptor.class);

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException classify(RequestDetails request, Throwable thrown, HttpServletRequest servletRequest) {
        if (thrown instanceof AdapterException adapter) {
            return adapter;
        }
        if (thrown instanceof NotModifiedException notModified) {
            return notModified; // a conditional read (If-None-Match) of an unchanged version: 304, not an error
        }
        if (badEscape(thrown)) {
            return new AdapterException(ErrorCode.INVALID_SEARCH_PARAMETER, "the URL has a bad percent-escape (a '%' must be followed by"
                    + " two hexadecimal digits; send a literal '%' as %25)", null);
        }
        if (parserFailedOnBody(thrown) || thrown.getStackTrace().length == 0 && parserStage(request, thrown)) {
            return new AdapterException(ErrorCode.MALFORMED_BODY, "the body is not well-formed FHIR: the parser could not read it ("
                    + thrown.getClass().getSimpleName() + (thrown.getStackTrace().length == 0 ? "" : " in " + thrown.getStackTrace()[0].getClassName().replaceAll(".*\\.", ""))
                    + "); check that every element has the type FHIR defines (e.g. extension is an array of objects)", null);
        }
        ErrorCode code = code(thrown, request == null ? null : request.getRestOperationType());
        String message = code == ErrorCode.INTERNAL_ERROR ? ErrorCode.INTERNAL_ERROR.display() : message(thrown);
        if (code == ErrorCode.INTERNAL_ERROR) {
            LOG.error("request failed: {} {}: {}", servletRequest.getMethod(), request.getRequestPath(), describe(thrown));
        }
        return new AdapterException(List.of(new Problem(code, message, null)));
    }

    static ErrorCode code(Throwable thrown, RestOperationTypeEnum operation) {
        String message = String.valueOf(thrown.getMessage());
        boolean search = operation == RestOperationTypeEnum.SEARCH_TYPE || operation == RestOperationTypeEnum.SEARCH_SYSTEM;
        if (search && (thrown instanceof DataFormatException || thrown.getCause() instanceof DataFormatException
                || message.contains("Invalid date"))) {
            return ErrorCode.INVALID_SEARCH_PARAMETER;
        }
        if (thrown instanceof DataFormatException || thrown.getCause() instanceof DataFormatException) {
            return message.contains("Incorrect resource type") ? ErrorCode.WRONG_RESOURCE_TYPE : ErrorCode.MALFORMED_BODY;
        }
        if (thrown instanceof InvalidRequestException) {
            if (message.contains("Incorrect resource type") || message.contains("resource type")
                    && message.contains("does not match")) {
                return ErrorCode.WRONG_RESOURCE_TYPE;
            }
            if (message.contains("Failed to parse") || message.contains("No body was supplied") || message.contains("not valid JSON")) {
                return ErrorCode.MALFORMED_BODY;
            }
            if (message.contains("Content-Type")) {
                return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            }
            if (message.contains("does not know how to handle GET operation") && !message.contains("with parameters [[]]")) {
                return ErrorCode.UNKNOWN_SEARCH_PARAMETER;
            }
            if (message.contains("does not know how to handle")) {
                return ErrorCode.METHOD_NOT_ALLOWED;
            }
            if (message.contains("Invalid") && message.contains("parameter") || message.contains("Invalid date")) {
                return ErrorCode.INVALID_SEARCH_PARAMETER;
            }
            return ErrorCode.INVALID_REQUEST;
        }
        if (thrown instanceof ResourceNotFoundException && message.contains("Unknown resource type")) {
            return ErrorCode.UNKNOWN_RESOURCE_TYPE;
        }
        if (thrown instanceof ResourceNotFoundException || thrown instanceof ResourceGoneException) {
            return ErrorCode.NOT_FOUND;
        }
        if (thrown instanceof MethodNotAllowedException || thrown instanceof NotImplementedOperationException) {
            return ErrorCode.METHOD_NOT_ALLOWED;
        }
        if (thrown instanceof PreconditionFailedException) {
            return ErrorCode.PRECONDITION_FAILED;
        }
        if (thrown instanceof ResourceVersionConflictException) {
            return ErrorCode.VERSION_CONFLICT;
        }
        if (thrown instanceof UnprocessableEntityException) {
            return ErrorCode.PROFILE_VIOLATION;
        }
        if (thrown instanceof BaseServerResponseException response && response.getStatusCode() < 500) {
            return ErrorCode.INVALID_REQUEST;
        }
        return ErrorCode.INTERNAL_ERROR;
    }

    /**
     * HAPI's parser failing with something else than its DataFormatException (a NullPointerException or ClassCastException on
     * some malformed input) while HAPI parses the request body: the fault is the body's when the parser is where it was thrown
     * and no adapter code is between it and HAPI's servlet (a failure parsing stored data would have the adapter's reader on it).
     */
    static boolean parserFailedOnBody(Throwable thrown) {
        if (!(thrown instanceof NullPointerException || thrown instanceof ClassCastException || thrown instanceof IndexOutOfBoundsException
                || thrown instanceof IllegalStateException || thrown instanceof IllegalArgumentException)) {
            return false;
        }
        boolean parser = false;
        for (StackTraceElement frame : thrown.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("dk.rehab.")) {
                return false; // the adapter's own code parsed something: not the request body
            }
            if (type.startsWith("ca.uhn.fhir.parser.")) {
                parser = true;
            }
            if (type.startsWith("ca.uhn.fhir.rest.server.RestfulServer")) {
                break; // below this are the servlet container and the adapter's filters
            }
        }
        return parser;
    }

    private static final String HANDLED = ErrorInterceptor.class.getName() + ".handled";

    /** Marks the request as past HAPI's parsing of its body and parameters (see {@link #parserStage}). */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void handled(RequestDetails request) {
        request.getUserData().put(HANDLED, Boolean.TRUE);
    }

    /**
     * For an exception without a stack trace: once the JIT has compiled the code that throws it, HotSpot throws a
     * preallocated NullPointerException, ClassCastException or IndexOutOfBoundsException with no frames
     * ({@code OmitStackTraceInFastThrow}), so {@link #parserFailedOnBody} cannot see where it came from. Then the stage
     * decides: one of those, thrown for a request with a body before HAPI handed the request to a provider (the
     * pre-handled hook had not run), was thrown while HAPI parsed the body.
     */
    static boolean parserStage(RequestDetails request, Throwable thrown) {
        boolean parserLike = thrown instanceof NullPointerException || thrown instanceof ClassCastException
                || thrown instanceof IndexOutOfBoundsException;
        return parserLike && request != null && request.getUserData().get(HANDLED) == null
                && request.loadRequestContents() != null && request.loadRequestContents().length > 0;
    }

    /** The JDK's URL decoder refusing a query string HAPI decodes (a '%' without two hex digits after it). */
    static boolean badEscape(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).startsWith("URLDecoder: ")) {
                return true;
            }
        }
        return false;
    }

    /** HAPI's message without its "HAPI-0450: " prefixes. */
    private static String message(Throwable thrown) {
        return String.valueOf(thrown.getMessage()).replaceAll("HAPI-\\d{4}: ", "");
    }

    private static String describe(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(Outcomes.scrub(t.getMessage()));
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(8, frames.length); i++) {
                text.append("\n\tat ").append(frames[i]);
            }
            if (t.getCause() != null) {
                text.append("\ncaused by ");
            }
        }
        return text.toString();
    }
}
