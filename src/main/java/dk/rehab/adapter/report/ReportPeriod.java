package dk.rehab.adapter.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The period a report covers: whole days from {@code start} to {@code end}, both included, in the municipality's
 * time zone. A timestamp lies in the period when it is at or after {@link #from()} and before {@link #until()}.
 */
public record ReportPeriod(LocalDate start, LocalDate end, ZoneId zone) {

    public OffsetDateTime from() {
        return start.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    public OffsetDateTime until() {
        return end.plusDays(1).atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** The calendar months the period touches, in order. */
    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(start); !m.isAfter(YearMonth.from(end)); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    /** The start of month {@code m} in the zone, as UTC (for SQL bounds). */
    public OffsetDateTime startOf(YearMonth m) {
        return m.atDay(1).atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }
}
