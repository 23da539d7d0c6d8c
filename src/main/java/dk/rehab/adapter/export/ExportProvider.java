package dk.rehab.adapter.export;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dk.rehab.adapter.audit.AuditContext;
import dk.rehab.adapter.audit.Audits;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.AsyncAnswers;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.PlainProvider;
import dk.rehab.adapter.security.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * FHIR Bulk Data export kick-off (Bulk Data Access 2.0.0): {@code GET /fhir/$export} (system level),
 * {@code GET /fhir/Patient/$export} (every citizen's compartment) and {@code GET /fhir/Group/[id]/$export} (the
 * compartments of a cohort's members, fixed at kick-off), also as {@code POST} with a Parameters body, where at Patient
 * and Group level {@code patient} references limit the export to those citizens ({@link ExportMembers}). Needs
 * {@code Prefer: respond-async}; the parameters are checked ({@link ExportRequest}) and the job stored before the
 * answer, {@code 202 Accepted} with the status URL in {@code Content-Location} ({@link ExportStatusController}). Who
 * may: {@code AccessRules.export}, asked by the AccessInterceptor like for every operation.
 */
@Component
public class ExportProvider implements PlainProvider {
    private final ExportJobs jobs;
    private final FhirContext fhir;
    private final ExportMembers members;

    public ExportProvider(ExportJobs jobs, FhirContext fhir, ExportMembers members) {
        this.jobs = jobs;
        this.fhir = fhir;
        this.members = members;
    }

    @Operation(name = "$export", idempotent = true, manualResponse = true)
    public void systemExport(@OperationParam(name = "_outputFormat", min = 0, max = 1) StringType outputFormat,
                             @OperationParam(name = "_type", min = 0, max = OperationParam.MAX_UNLIMITED) List<StringType> type,
                             @OperationParam(name = "_since", min = 0, max = 1) StringType since,
                             @OperationParam(name = "patient", min = 0, max = OperationParam.MAX_UNLIMITED) List<Reference> patient,
                             ServletRequestDetails details) {
        // patient is refused at system level (ExportRequest): declared here so that it is not silently ignored
        kickoff(ExportLevel.SYSTEM, null, fromBody(outputFormat, type, since, patient), details);
    }

    @Operation(name = "$export", typeName = "Patient", idempotent = true, manualResponse = true)
    public void patientExport(@OperationParam(name = "_outputFormat", min = 0, max = 1) StringType outputFormat,
                              @OperationParam(name = "_type", min = 0, max = OperationParam.MAX_UNLIMITED) List<StringType> type,
                              @OperationParam(name = "_since", min = 0, max = 1) StringType since,
                              @OperationParam(name = "patient", min = 0, max = OperationParam.MAX_UNLIMITED) List<Reference> patient,
                              ServletRequestDetails details) {
        kickoff(ExportLevel.PATIENT, null, fromBody(outputFormat, type, since, patient), details);
    }

    /**
     * {@code Group/[id]/$export}: the data of the cohort's members (their Patients and their compartments' resources),
     * the members fixed as the Group holds them at kick-off. An unknown group is 404.
     */
    @Operation(name = "$export", typeName = "Group", idempotent = true, manualResponse = true)
    public void groupExport(@IdParam IdType id,
                            @OperationParam(name = "_outputFormat", min = 0, max = 1) StringType outputFormat,
                            @OperationParam(name = "_type", min = 0, max = OperationParam.MAX_UNLIMITED) List<StringType> type,
                            @OperationParam(name = "_since", min = 0, max = 1) StringType since,
                            @OperationParam(name = "patient", min = 0, max = OperationParam.MAX_UNLIMITED) List<Reference> patient,
                            ServletRequestDetails details) {
        kickoff(ExportLevel.GROUP, id.getIdPart(), fromBody(outputFormat, type, since, patient), details);
    }

    /** {@code body}: the parameters of a POST Parameters body (a GET's are the query string's). */
    private void kickoff(ExportLevel level, String group, Map<String, String[]> body, ServletRequestDetails details) {
        HttpServletRequest http = details.getServletRequest();
        boolean get = "GET".equals(http.getMethod());
        Map<String, String[]> parameters = get ? details.getParameters() : body;
        AuditContext audit = AuditContext.current();
        if (audit != null) {
            audit.query(Audits.query(parameters));
        }
        if (!AsyncAnswers.wantsAsync(http)) {
            throw new AdapterException(ErrorCode.INVALID_REQUEST, "a bulk export is asynchronous: send the header Prefer: respond-async", null);
        }
        ExportRequest request = ExportRequest.parse(level, parameters, AsyncAnswers.preference(http, "handling=lenient"), fhir, !get);
        var caller = Callers.current().orElseThrow(() -> new AdapterException(ErrorCode.FORBIDDEN, "no authenticated caller", null));
        List<String> members = this.members.of(request, group);
        if (audit != null && members != null) {
            members.forEach(p -> audit.touched("Patient/" + p, "Patient/" + p));
        }
        String base = AsyncAnswers.base(http);
        String url = http.getRequestURL() + (http.getQueryString() == null ? "" : "?" + http.getQueryString());
        ExportJobs.Kickoff kickoff = new ExportJobs.Kickoff(url, base, http.getRemoteAddr(), http.getMethod() + " " + http.getRequestURI(),
                Audits.query(parameters));
        ExportJob job = jobs.submit(caller, request, kickoff, group, members);
        HttpServletResponse response = details.getServletResponse();
        response.setStatus(202);
        response.setHeader("Content-Location", base + ExportJobs.STATUS_PATH + job.id());
        response.setContentLength(0);
    }

    private static Map<String, String[]> fromBody(StringType outputFormat, List<StringType> type, StringType since, List<Reference> patient) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        if (outputFormat != null && outputFormat.hasValue()) {
            parameters.put("_outputFormat", new String[] {outputFormat.getValue()});
        }
        if (type != null && !type.isEmpty()) {
            parameters.put("_type", type.stream().filter(StringType::hasValue).map(StringType::getValue).toArray(String[]::new));
        }
        if (since != null && since.hasValue()) {
            parameters.put("_since", new String[] {since.getValue()});
        }
        if (patient != null && !patient.isEmpty()) {
            parameters.put(ExportRequest.PATIENT, patient.stream().map(r -> r.hasReference() ? r.getReference() : "").toArray(String[]::new));
        }
        return parameters;
    }
}
