package dk.rehab.adapter.report;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.AsyncAnswers;
import dk.rehab.adapter.fhir.Problem;
import dk.rehab.adapter.security.AccessRules;
import dk.rehab.adapter.security.Caller;
import dk.rehab.adapter.security.Callers;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The status URL of an asynchronous annual report (FHIR asynchronous request pattern): GET answers 202 with
 * {@code X-Progress} while the report runs, then 200 with the report (or its error's status and OperationOutcome);
 * DELETE cancels it (202). Decided by {@code AccessRules.report}; another client's job is 404, as an unknown one.
 */
@RestController
public class ReportStatusController {
    private final ReportJobs jobs;
    private final AccessRules rules;
    private final FhirContext fhir;

    public ReportStatusController(ReportJobs jobs, AccessRules rules, FhirContext fhir) {
        this.jobs = jobs;
        this.rules = rules;
        this.fhir = fhir;
    }

    @GetMapping(AnnualReportProvider.STATUS_PATH + "{id}")
    public ResponseEntity<byte[]> status(@PathVariable("id") String id) {
        Caller caller = Callers.current().orElse(null);
        ResponseEntity<byte[]> refused = refused(caller);
        if (refused != null) {
            return refused;
        }
        return jobs.find(caller, id).map(job -> {
            if (!job.finished()) {
                return AsyncAnswers.inProgress(job.progress());
            }
            if (job.problems() != null) {
                return error(job.problems());
            }
            return ResponseEntity.ok().header("Content-Type", job.result().contentType()).body(job.result().body());
        }).orElseGet(() -> notFound());
    }

    @DeleteMapping(AnnualReportProvider.STATUS_PATH + "{id}")
    public ResponseEntity<byte[]> cancel(@PathVariable("id") String id) {
        Caller caller = Callers.current().orElse(null);
        ResponseEntity<byte[]> refused = refused(caller);
        if (refused != null) {
            return refused;
        }
        return jobs.cancel(caller, id) ? ResponseEntity.status(202).body(new byte[0]) : notFound();
    }

    private ResponseEntity<byte[]> refused(Caller caller) {
        return AsyncAnswers.refused(fhir, caller, rules::report);
    }

    private ResponseEntity<byte[]> notFound() {
        return error(List.of(new Problem(ErrorCode.REPORT_JOB_NOT_FOUND, "there is no report job with this id for this client", null)));
    }

    private ResponseEntity<byte[]> error(List<Problem> problems) {
        return AsyncAnswers.error(fhir, problems);
    }
}
