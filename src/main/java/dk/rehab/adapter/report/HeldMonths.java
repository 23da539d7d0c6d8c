package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.UtcMonth;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A period split for course_month_held (V32, calendar months in UTC): the months wholly inside it, [{@link #first},
 * {@link #end}), read from the summary, and the edges before and after them, [from, edge1) and [edge2, until), whose
 * sessions are read one by one. A period without a whole month has no months and one edge: all of it.
 */
record HeldMonths(LocalDate first, LocalDate end, OffsetDateTime from, OffsetDateTime edge1, OffsetDateTime edge2, OffsetDateTime until) {

    static HeldMonths of(ReportPeriod period) {
        OffsetDateTime from = period.from();
        OffsetDateTime until = period.until();
        LocalDate first = UtcMonth.of(from);
        if (start(first).isBefore(from)) {
            first = first.plusMonths(1);
        }
        LocalDate end = UtcMonth.of(until); // its start is at or before until
        if (!first.isBefore(end)) {
            return new HeldMonths(first, first, from, until, until, until);
        }
        return new HeldMonths(first, end, from, start(first), start(end), until);
    }

    private static OffsetDateTime start(LocalDate month) {
        return month.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    /** The bounds in the order the citizens table's statement binds them. */
    Object[] args() {
        return new Object[] {first, end, from, edge1, edge2, until};
    }
}
