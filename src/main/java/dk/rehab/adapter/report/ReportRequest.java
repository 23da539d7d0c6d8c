package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.util.Set;

/**
 * The parameters of {@code $annual-report}, checked: the period ({@code year}, or {@code start} and {@code end}), the
 * table ({@code table}, null for all) and the form of the answer ({@code _format=csv}, which needs a table, or
 * {@code _format=pdf}; otherwise FHIR JSON).
 */
public record ReportRequest(ReportPeriod period, String table, Format format) {

    /** The answer's form: a Bundle of MeasureReports (FHIR JSON), one table as CSV, or the Danish PDF. */
    public enum Format { BUNDLE, CSV, PDF }

    public boolean csv() {
        return format == Format.CSV;
    }

    public static ReportRequest parse(String year, String start, String end, String table, String format, Set<String> tables,
                                      ZoneId zone, LocalDate today) {
        ReportPeriod period = period(year, start, end, zone, today);
        if (table != null && !tables.contains(table)) {
            throw new AdapterException(ErrorCode.UNKNOWN_REPORT_TABLE, "there is no table " + table + "; the tables are "
                    + String.join(", ", tables), "table");
        }
        Format answer = format == null ? Format.BUNDLE
                : format.equals("csv") || format.startsWith("text/csv") ? Format.CSV
                : format.equals("pdf") || format.startsWith("application/pdf") ? Format.PDF : Format.BUNDLE;
        if (answer == Format.CSV && table == null) {
            throw new AdapterException(ErrorCode.REPORT_TABLE_REQUIRED, "_format=csv gives one table: name it with table=", "_format");
        }
        return new ReportRequest(period, table, answer);
    }

    private static ReportPeriod period(String year, String start, String end, ZoneId zone, LocalDate today) {
        if (year != null) {
            if (start != null || end != null) {
                throw invalid("give either year or start and end, not both", start != null ? "start" : "end");
            }
            int y;
            try {
                y = Integer.parseInt(year.trim());
                Year.of(y);
            } catch (NumberFormatException | DateTimeException e) {
                throw invalid("year must be a year (e.g. 2024)", "year");
            }
            if (y > today.getYear()) {
                throw invalid("the year " + y + " lies in the future", "year");
            }
            if (y < 1900) {
                throw invalid("year must be a year (e.g. 2024)", "year");
            }
            return new ReportPeriod(LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31), zone);
        }
        if (start == null || end == null) {
            throw invalid("the period is needed: year=YYYY, or start=YYYY-MM-DD and end=YYYY-MM-DD", start == null ? "start" : "end");
        }
        LocalDate from = date(start, "start");
        LocalDate to = date(end, "end");
        if (to.isBefore(from)) {
            throw invalid("the period is reversed: end " + to + " lies before start " + from, "end");
        }
        if (from.isAfter(today)) {
            throw invalid("the period starts in the future (" + from + ")", "start");
        }
        return new ReportPeriod(from, to, zone);
    }

    private static LocalDate date(String text, String parameter) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeException e) {
            throw invalid(parameter + " must be a date (YYYY-MM-DD)", parameter);
        }
    }

    private static AdapterException invalid(String message, String parameter) {
        return new AdapterException(ErrorCode.INVALID_REPORT_PERIOD, message, parameter);
    }
}
