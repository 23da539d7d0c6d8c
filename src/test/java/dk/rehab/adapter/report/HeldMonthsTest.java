package dk.rehab.adapter.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The split of a period into whole calendar months (UTC) and its edges, for course_month_held. */
class HeldMonthsTest {
    private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

    @Test
    void aYearInCopenhagenIsElevenWholeMonthsAnHourBeforeThemAndDecemberAfter() {
        HeldMonths m = HeldMonths.of(new ReportPeriod(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), CPH));
        assertThat(m.first()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(m.end()).isEqualTo(LocalDate.of(2024, 12, 1));
        assertThat(m.from()).isEqualTo(OffsetDateTime.parse("2023-12-31T23:00Z"));
        assertThat(m.edge1()).isEqualTo(OffsetDateTime.parse("2024-01-01T00:00Z"));
        assertThat(m.edge2()).isEqualTo(OffsetDateTime.parse("2024-12-01T00:00Z"));
        assertThat(m.until()).isEqualTo(OffsetDateTime.parse("2024-12-31T23:00Z"));
    }

    @Test
    void aPeriodWithoutAWholeMonthIsOneEdge() {
        HeldMonths m = HeldMonths.of(new ReportPeriod(LocalDate.of(2019, 1, 18), LocalDate.of(2019, 2, 15), CPH));
        assertThat(m.first()).isEqualTo(m.end()); // no month read from the summary
        assertThat(m.from()).isEqualTo(OffsetDateTime.parse("2019-01-17T23:00Z"));
        assertThat(m.edge1()).isEqualTo(m.until());
        assertThat(m.edge2()).isEqualTo(m.until());
        assertThat(m.until()).isEqualTo(OffsetDateTime.parse("2019-02-15T23:00Z"));
    }

    @Test
    void aPeriodInUtcStartingOnTheFirstHasNoEdgeBefore() {
        HeldMonths m = HeldMonths.of(new ReportPeriod(LocalDate.of(2019, 2, 1), LocalDate.of(2019, 3, 31), ZoneId.of("UTC")));
        assertThat(m.first()).isEqualTo(LocalDate.of(2019, 2, 1));
        assertThat(m.end()).isEqualTo(LocalDate.of(2019, 4, 1));
        assertThat(m.edge1()).isEqualTo(m.from());
        assertThat(m.edge2()).isEqualTo(m.until());
    }
}
