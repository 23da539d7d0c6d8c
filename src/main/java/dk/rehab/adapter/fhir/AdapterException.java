package dk.rehab.adapter.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;

/**
 * A client error with one or more {@link Problem}s. The HTTP status is the first problem's. Thrown by rules
 * and services; HAPI answers it with its status, and {@link ErrorInterceptor} gives it its OperationOutcome.
 */
public class AdapterException extends BaseServerResponseException {
    private final transient List<Problem> problems;

    public AdapterException(List<Problem> problems) {
        super(problems.get(0).code().httpStatus(), problems.get(0).message());
        this.problems = List.copyOf(problems);
        setOperationOutcome(Outcomes.of(this.problems));
    }

    public AdapterException(ErrorCode code, String message, String expression) {
        this(List.of(new Problem(code, message, expression)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
