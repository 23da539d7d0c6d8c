package dk.rehab.adapter.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;

/** Builds the OperationOutcome of an error: one issue per problem, with the stable code and the element. */
public final class Outcomes {
    /** Ten digits, optionally with a dash after six, standing alone: what a CPR number looks like. */

    private Outcomes() {
    }

    public static OperationOutcome of(List<Problem> problems) {
        OperationOutcome outcome = new OperationOutcome();
        for (Problem p : problems) {
            OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                    .setSeverity(p.code().httpStatus() >= 500 ? IssueSeverity.FATAL : IssueSeverity.ERROR)
                    .setCode(p.code().issueType())
                    .setDetails(new CodeableConcept(new Coding(Canonical.CS_ERROR, p.code().code(), p.code().display())))
                    .setDiagnostics(scrub(p.message()));
            if (p.expression() != null) {
                issue.addExpression(p.expression());
            }
        }
        return outcome;
    }

    /** The content type of every error answer written outside HAPI. */
    public static final String FHIR_JSON = "application/fhir+json;charset=UTF-8";

    /** One problem's OperationOutcome as the FHIR JSON bytes of an answer. */
    public static byte[] json(FhirContext fhir, ErrorCode code, String message) {
        return fhir.newJsonParser().encodeResourceToString(of(List.of(new Problem(code, message, null)))).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Answers outside HAPI (servlet filters, Spring Security, Tomcat's error valve) with one problem's OperationOutcome:
     * the code's HTTP status, FHIR JSON and its length. Headers of the caller's own are set before.
     */
    public static void write(FhirContext fhir, HttpServletResponse response, ErrorCode code, String message) throws IOException {
        byte[] body = json(fhir, code, message);
        response.setStatus(code.httpStatus());
        response.setContentType(FHIR_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Removes anything that looks like a CPR number from text that leaves the server or goes to a log. */
    public static String scrub(String text) {
        return CprShaped.replace(text, cpr -> "[CPR]");
    }
}
