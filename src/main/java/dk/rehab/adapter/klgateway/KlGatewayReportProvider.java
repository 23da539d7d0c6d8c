package dk.rehab.adapter.klgateway;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.PlainProvider;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
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

    public KlGatewayReportProvider(KlGatewayReportService service) {
        this.service = service;
    }

    @Operation(name = "$kl-gateway-report", idempotent = false)
    public Bundle report(@OperationParam(name = "start", min = 0, max = 1) DateType start,
                         @OperationParam(name = "end", min = 0, max = 1) DateType end,
                         @OperationParam(name = "incremental", min = 0, max = 1) BooleanType incremental) {
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
            return service.report(null, null, true);
        }
        LocalDate from = LocalDate.parse(start.getValueAsString().substring(0, Math.min(10, start.getValueAsString().length())));
        LocalDate to = LocalDate.parse(end.getValueAsString().substring(0, Math.min(10, end.getValueAsString().length())));
        if (from.isAfter(to)) {
            throw new AdapterException(ErrorCode.KL_REPORT_PERIOD_REVERSED, "the period's start " + from + " lies after its end " + to,
                    "Parameters.parameter('start')");
        }
        return service.report(from, to, false);
    }
}
