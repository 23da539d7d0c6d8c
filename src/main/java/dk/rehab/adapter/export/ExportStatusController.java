package dk.rehab.adapter.export;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.audit.Audits;
import dk.rehab.adapter.fhir.AsyncAnswers;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.security.AccessRules;
import dk.rehab.adapter.security.Caller;
import dk.rehab.adapter.security.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The status URL of a bulk export and its files (Bulk Data Access 2.0.0). {@code GET /async/export/{id}}: 202 with
 * {@code X-Progress} while the job is queued or running; 200 with the manifest (JSON) when it completed; a failed job
 * answers 500 with an OperationOutcome. {@code DELETE} cancels it and deletes its files (202). {@code GET
 * /async/export/{id}/file/{n}}: the file as NDJSON ({@code application/fhir+ndjson}), streamed from the database. Only the
 * client that started the job (same client kind and token subject) sees it: another's job is 404, as an unknown one;
 * the caller must still be allowed to export ({@code AccessRules.export}, else 403). Each file download is audited (an
 * Export AuditEvent naming the file's Patients), and so is each refused one (outcome 4).
 */
@RestController
public class ExportStatusController {
    static final String NDJSON = "application/fhir+ndjson";
    private final ExportJobs jobs;
    private final ExportJobStore store;
    private final ExportQueries queries;
    private final AccessRules rules;
    private final Audits audits;
    private final FhirContext fhir;

    public ExportStatusController(ExportJobs jobs, ExportJobStore store, ExportQueries queries, AccessRules rules, Audits audits, FhirContext fhir) {
        this.jobs = jobs;
        this.store = store;
        this.queries = queries;
        this.rules = rules;
        this.audits = audits;
        this.fhir = fhir;
    }

    @GetMapping(ExportJobs.STATUS_PATH + "{id}")
    public ResponseEntity<byte[]> status(@PathVariable("id") String id) {
        Caller caller = Callers.current().orElse(null);
        ResponseEntity<byte[]> refused = refused(caller);
        if (refused != null) {
            return refused;
        }
        Optional<ExportJob> found = jobs.find(caller, id);
        if (found.isEmpty()) {
            return notFound();
        }
        ExportJob job = found.get();
        return switch (job.status()) {
            case QUEUED, RUNNING -> AsyncAnswers.inProgress(job.progress());
            case FAILED -> AsyncAnswers.error(fhir, ErrorCode.INTERNAL_ERROR, job.error());
            case COMPLETED -> ResponseEntity.ok().header("Content-Type", "application/json;charset=UTF-8")
                    .header("Expires", ca.uhn.fhir.util.DateUtils.formatDate(java.util.Date.from(job.expires())))
                    .body(job.manifest().getBytes(StandardCharsets.UTF_8));
        };
    }

    @DeleteMapping(ExportJobs.STATUS_PATH + "{id}")
    public ResponseEntity<byte[]> cancel(@PathVariable("id") String id) {
        Caller caller = Callers.current().orElse(null);
        ResponseEntity<byte[]> refused = refused(caller);
        if (refused != null) {
            return refused;
        }
        return jobs.cancel(caller, id) ? ResponseEntity.status(202).body(new byte[0]) : notFound();
    }

    @GetMapping(ExportJobs.STATUS_PATH + "{id}/file/{number}")
    public ResponseEntity<byte[]> file(@PathVariable("id") String id, @PathVariable("number") String number,
                                       HttpServletRequest request, HttpServletResponse response) throws IOException {
        Caller caller = Callers.current().orElse(null);
        String path = "GET " + request.getRequestURI();
        ResponseEntity<byte[]> refused = refused(caller);
        if (refused != null) {
            audits.bulkExport(caller, request.getRemoteAddr(), path, null, java.util.List.of(), 4, "HTTP 403", false);
            return refused;
        }
        Optional<ExportJob> job = jobs.find(caller, id).filter(j -> j.status() == ExportJob.Status.COMPLETED);
        Optional<ExportFile> file = job.isEmpty() || !number.matches("[0-9]{1,9}") ? Optional.empty() : store.file(id, Integer.parseInt(number));
        if (file.isEmpty()) {
            audits.bulkExport(caller, request.getRemoteAddr(), path, null, java.util.List.of(), 4, "HTTP 404", false);
            return AsyncAnswers.error(fhir, ErrorCode.NOT_FOUND, "there is no export file " + number + " of a completed export job with this id for this client");
        }
        response.setStatus(200);
        response.setContentType(NDJSON);
        response.setCharacterEncoding("UTF-8");
        Set<String> patients = new LinkedHashSet<>();
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 64 * 1024);
        queries.write(file.get(), job.get().transactionTime(), job.get().since(), job.get().byMembers(), out, patients);
        out.flush();
        java.util.List<String> entities = new ArrayList<>();
        if (job.get().group() != null) {
            entities.add("Group/" + job.get().group());
        }
        entities.addAll(patients);
        audits.bulkExport(caller, request.getRemoteAddr(), path, null, entities, false);
        return null;
    }

    private ResponseEntity<byte[]> refused(Caller caller) {
        return AsyncAnswers.refused(fhir, caller, rules::export);
    }

    private ResponseEntity<byte[]> notFound() {
        return AsyncAnswers.error(fhir, ErrorCode.NOT_FOUND, "there is no export job with this id for this client: it never existed, "
                + "was cancelled or has expired");
    }
}
