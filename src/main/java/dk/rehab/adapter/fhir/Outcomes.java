package dk.rehab.adapter.fhir;

import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;

/** Builds the OperationOutcome of an error: one issue per problem, with the stable code and the element. */
public final class Outcomes {
    /** Ten digits, optionally with a dash after six, standing alone: what a CPR number looks like. */
    private static final Pattern CPR_LIKE = Pattern.compile("(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])");

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

    /** Removes anything that looks like a CPR number from text that leaves the server or goes to a log. */
    public static String scrub(String text) {
        return text == null ? null : CPR_LIKE.matcher(text).replaceAll("[CPR]");
    }
}
