package dk.rehab.adapter.reminder;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code GET /fhir/Appointment/$statistics?start=YYYY-MM-DD&end=YYYY-MM-DD}: the sessions' outcomes in the period
 * ({@link SessionStatistics}), so the centre can see whether reminders reduce no-shows. Both dates are required,
 * start on or before end, at most {@value #MAX_DAYS} days; otherwise {@code 400 invalid-parameters}. A second
 * resource provider for Appointment beside the session's own (HAPI merges the providers of one type).
 */
@Component
public class StatisticsProvider implements IResourceProvider {
    static final int MAX_DAYS = 3660;

    private final SessionStatistics statistics;

    public StatisticsProvider(SessionStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public Class<Appointment> getResourceType() {
        return Appointment.class;
    }

    @Operation(name = "$statistics", idempotent = true)
    public Parameters statistics(@OperationParam(name = "start", min = 0, max = 1) StringType start,
                                 @OperationParam(name = "end", min = 0, max = 1) StringType end) {
        Problems problems = new Problems();
        LocalDate from = date(start, "start", problems);
        LocalDate to = date(end, "end", problems);
        problems.throwIfAny();
        if (from.isAfter(to)) {
            throw new AdapterException(ErrorCode.INVALID_PARAMETERS, "start (" + from + ") lies after end (" + to + ")", "start");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new AdapterException(ErrorCode.INVALID_PARAMETERS, "the period is longer than " + MAX_DAYS + " days", "end");
        }
        return statistics.compute(from, to);
    }

    private static LocalDate date(StringType value, String name, Problems problems) {
        if (value == null || value.isEmpty() || value.getValue().isBlank()) {
            problems.add(ErrorCode.INVALID_PARAMETERS, name + " is required: a date YYYY-MM-DD", name);
            return null;
        }
        try {
            return LocalDate.parse(value.getValue().trim());
        } catch (DateTimeParseException e) {
            problems.add(ErrorCode.INVALID_PARAMETERS, name + " is a date YYYY-MM-DD", name);
            return null;
        }
    }
}
