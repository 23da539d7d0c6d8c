package dk.rehab.adapter.report;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.AsyncAnswers;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.security.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code GET /fhir/$annual-report}: the centre's annual report as MeasureReports (see README, Annual report). Thin: the
 * parameters are checked by {@link ReportRequest}, the tables computed by {@link AnnualReport}, the answer written by
 * {@link ReportRenderer}; with {@code Prefer: respond-async} the work goes to {@link ReportJobs} and the answer is 202
 * with the status URL in Content-Location. Who may call it: {@code AccessRules.report}.
 */
@Component
public class AnnualReportProvider {
    public static final String STATUS_PATH = "/async/annual-report/";
    private final AnnualReport report;
    private final ReportRenderer renderer;
    private final ReportJobs jobs;
    private final AdapterProperties properties;

    public AnnualReportProvider(AnnualReport report, ReportRenderer renderer, ReportJobs jobs, AdapterProperties properties) {
        this.report = report;
        this.renderer = renderer;
        this.jobs = jobs;
        this.properties = properties;
    }

    @Operation(name = "$annual-report", idempotent = true, manualResponse = true)
    public void annualReport(@OperationParam(name = "year", min = 0, max = 1) StringType year,
                             @OperationParam(name = "start", min = 0, max = 1) StringType start,
                             @OperationParam(name = "end", min = 0, max = 1) StringType end,
                             @OperationParam(name = "table", min = 0, max = 1) StringType table,
                             ServletRequestDetails details) throws IOException {
        String[] format = details.getParameters().get("_format");
        ReportRequest request = ReportRequest.parse(value(year), value(start), value(end), value(table),
                format == null || format.length == 0 ? null : format[0], report.tables().keySet(), properties.zone(),
                LocalDate.now(properties.zone()));
        HttpServletRequest http = details.getServletRequest();
        HttpServletResponse response = details.getServletResponse();
        if (AsyncAnswers.wantsAsync(http)) {
            var caller = Callers.current().orElseThrow(() -> new AdapterException(ErrorCode.FORBIDDEN, "no authenticated caller", null));
            ReportJobs.Job job = jobs.submit(caller, request);
            String base = AsyncAnswers.base(http);
            response.setStatus(202);
            response.setHeader("Content-Location", base + STATUS_PATH + job.id());
            response.setHeader("X-Progress", job.progress());
            response.setContentLength(0);
            return;
        }
        var tables = report.compute(request.period(), report.selected(request.table()), n -> { }, () -> false);
        ReportRenderer.Rendered rendered = renderer.render(request, tables);
        response.setStatus(200);
        response.setContentType(rendered.contentType());
        response.setContentLength(rendered.body().length);
        response.getOutputStream().write(rendered.body());
    }

    private static String value(StringType s) {
        return s == null || s.isEmpty() ? null : s.getValue();
    }
}
