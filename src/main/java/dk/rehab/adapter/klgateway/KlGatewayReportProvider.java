package dk.rehab.adapter.klgateway;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.RestfulServerUtils.ResponseEncoding;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dk.rehab.adapter.audit.AuditContext;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.PlainProvider;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateType;
import org.springframework.stereotype.Component;

/**
 * {@code POST /fhir/$kl-gateway-report} with Parameters {@code start} and {@code end} (dates, both included, Danish time)
 * or {@code incremental = true} (everything changed since the last delivery KL accepted): answers the
 * {@code klgateway-140-incremental-delivery} Bundle of the per-citizen reports made, each of which the outbox then sends
 * to KL Gateway (one Task per report). Who may call it: {@code AccessRules} (municipality and reporting).
 */
@Component
public class KlGatewayReportProvider implements PlainProvider {
    private final KlGatewayReportService service;
    private final KlDeliveryWriter writer;

    public KlGatewayReportProvider(KlGatewayReportService service, KlDeliveryWriter writer) {
        this.service = service;
        this.writer = writer;
    }

    /**
     * Makes the reports (one transaction), then, after the commit, streams the delivery Bundle from the stored reports
     * ({@link KlDeliveryWriter}): the answer of a municipality-year is never one object in the heap.
     */
    @Operation(name = "$kl-gateway-report", idempotent = false, manualResponse = true)
    public void report(@OperationParam(name = "start", min = 0, max = 1) DateType start,
                       @OperationParam(name = "end", min = 0, max = 1) DateType end,
                       @OperationParam(name = "incremental", min = 0, max = 1) BooleanType incremental,
                       ServletRequestDetails details) throws IOException {
        KlGatewayReportService.Made made = make(start, end, incremental);
        AuditContext audit = AuditContext.current();
        if (audit != null) {
            audit.touched("Bundle/" + made.deliveryId(), null);
        }
        ResponseEncoding encoding = RestfulServerUtils.determineResponseEncodingWithDefault(details);
        EncodingEnum format = encoding == null || encoding.getEncoding() != EncodingEnum.XML ? EncodingEnum.JSON : EncodingEnum.XML;
        HttpServletResponse response = details.getServletResponse();
        response.setStatus(200);
        response.setContentType(format.getResourceContentTypeNonLegacy() + ";charset=UTF-8");
        writer.write(made, format, response.getOutputStream());
    }

    private KlGatewayReportService.Made make(DateType start, DateType end, BooleanType incremental) {
        boolean isIncremental = incremental != null && incremental.booleanValue();
        boolean hasStart = start != null && start.getValue() != null;
        boolean hasEnd = end != null && end.getValue() != null;
        if (isIncremental && (hasStart || hasEnd)) {
            throw new AdapterException(ErrorCode.KL_REPORT_PARAMETERS_CONFLICT,
                    "a report is either incremental or for a period (start, end), not both", "Parameters.parameter");
        }
        if (!isIncremental && !hasStart && !hasEnd) {
            throw new AdapterException(ErrorCode.KL_REPORT_PERIOD_MISSING,
                    "give the period as parameters start and end, or incremental=true", "Parameters.parameter");
        }
        if (!isIncremental && hasStart != hasEnd) {
            throw new AdapterException(ErrorCode.KL_REPORT_PARAMETERS_CONFLICT, "the period needs both start and end",
                    "Parameters.parameter('" + (hasStart ? "end" : "start") + "')");
        }
        if (isIncremental) {
            return service.make(null, null, true);
        }
        LocalDate from = LocalDate.parse(start.getValueAsString().substring(0, Math.min(10, start.getValueAsString().length())));
        LocalDate to = LocalDate.parse(end.getValueAsString().substring(0, Math.min(10, end.getValueAsString().length())));
        if (from.isAfter(to)) {
            throw new AdapterException(ErrorCode.KL_REPORT_PERIOD_REVERSED, "the period's start " + from + " lies after its end " + to,
                    "Parameters.parameter('start')");
        }
        return service.make(from, to, false);
    }
}
