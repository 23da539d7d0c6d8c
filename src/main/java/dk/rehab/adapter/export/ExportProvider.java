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
import dk.rehab.adapter.group.GroupService;
import dk.rehab.adapter.security.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * FHIR Bulk Data export kick-off (Bulk Data Access 2.0.0): {@code GET /fhir/$export} (system level),
 * {@code GET /fhir/Patient/$export} (every citizen's compartment) and {@code GET /fhir/Group/[id]/$export} (the
 * compartments of a cohort's members, fixed at kick-off), also as {@code POST} with a Parameters body. Needs
 * {@code Prefer: respond-async}; the parameters are checked ({@link ExportRequest}) and the job stored before the
 * answer, {@code 202 Accepted} with the status URL in {@code Content-Location} ({@link ExportStatusController}). Who
 * may: {@code AccessRules.export}, asked by the AccessInterceptor like for every operation.
 */
@Component
public class ExportProvider implements PlainProvider {
    private final ExportJobs jobs;
    private final FhirContext fhir;
    private final GroupService groups;

    public ExportProvider(ExportJobs jobs, FhirContext fhir, GroupService groups) {
        this.jobs = jobs;
        this.fhir = fhir;
        this.groups = groups;
    }

    @Operation(name = "$export", idempotent = true, manualResponse = true)
    public void systemExport(@OperationParam(name = "_outputFormat", min = 0, max = 1) StringType outputFormat,
                             @OperationParam(name = "_type", min = 0, max = OperationParam.MAX_UNLIMITED) List<StringType> type,
                             @OperationParam(name = "_since", min = 0, max = 1) StringType since,
                             ServletRequestDetails details) {
        kickoff(ExportLevel.SYSTEM, outputFormat, type, since, details);
    }

    @Operation(name = "$export", typeName = "Patient", idempotent = true, manualResponse = true)
    public void patientExport(@OperationParam(name = "_outputFormat", min = 0, max = 1) StringType outputFormat,
                              @OperationParam(name = "_type", min = 0, max = OperationParam.MAX_UNLIMITED) List<StringType> type,
                              @OperationParam(name = "_since", min = 0, max = 1) StringType since,
                              ServletRequestDetails details) {
        kickoff(ExportLevel.PATIENT, outputFormat, type, since, details);
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
                            ServletRequestDetails details) {
        kickoff(ExportLevel.GROUP, id.getIdPart(), outputFormat, type, since, details);
    }

    private void kickoff(ExportLevel level, StringType outputFormat, List<StringType> type, StringType since, ServletRequestDetails details) {
        kickoff(level, null, outputFormat, type, since, details);
    }

    private void kickoff(ExportLevel level, String group, StringType outputFormat, List<StringType> type, StringType since,
                         ServletRequestDetails details) {
        HttpServletRequest http = details.getServletRequest();
        Map<String, String[]> parameters = "GET".equals(http.getMethod()) ? details.getParameters() : fromBody(outputFormat, type, since);
        AuditContext audit = AuditContext.current();
        if (audit != null) {
            audit.query(Audits.query(parameters));
        }
        if (!AsyncAnswers.wantsAsync(http)) {
            throw new AdapterException(ErrorCode.INVALID_REQUEST, "a bulk export is asynchronous: send the header Prefer: respond-async", null);
        }
        ExportRequest request = ExportRequest.parse(level, parameters, AsyncAnswers.preference(http, "handling=lenient"), fhir);
        var caller = Callers.current().orElseThrow(() -> new AdapterException(ErrorCode.FORBIDDEN, "no authenticated caller", null));
        List<String> members = List.of();
        if (group != null) {
            members = groups.members(group).orElseThrow(() -> new AdapterException(ErrorCode.NOT_FOUND, "there is no Group with id " + group, null));
            if (audit != null) {
                members.forEach(p -> audit.touched("Patient/" + p, "Patient/" + p));
            }
        }
        String base = AsyncAnswers.base(http);
        String url = http.getRequestURL() + (http.getQueryString() == null ? "" : "?" + http.getQueryString());
        ExportJobs.Kickoff kickoff = new ExportJobs.Kickoff(url, base, http.getRemoteAddr(), http.getMethod() + " " + http.getRequestURI(),
                Audits.query(parameters));
        ExportJob job = group == null ? jobs.submit(caller, request, kickoff) : jobs.submit(caller, request, kickoff, group, members);
        HttpServletResponse response = details.getServletResponse();
        response.setStatus(202);
        response.setHeader("Content-Location", base + ExportJobs.STATUS_PATH + job.id());
        response.setContentLength(0);
    }

    private static Map<String, String[]> fromBody(StringType outputFormat, List<StringType> type, StringType since) {
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
        return parameters;
    }
}
