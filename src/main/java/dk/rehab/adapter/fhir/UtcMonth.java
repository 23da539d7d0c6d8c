package dk.rehab.adapter.fhir;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The calendar month (UTC) a time lies in, as its first day: the months of course_month_held (V32), which
 * {@code SessionService} writes and the annual report's citizens table reads; both must count a session in the same one.
 */
public final class UtcMonth {
    private UtcMonth() {
    }

    public static LocalDate of(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    }
}
