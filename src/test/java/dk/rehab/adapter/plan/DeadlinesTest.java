package dk.rehab.adapter.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.config.AdapterProperties.DayKind;
import dk.rehab.adapter.config.AdapterProperties.DayRule;
import dk.rehab.adapter.config.AdapterProperties.Deadlines;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
    private static final Deadlines CALENDAR = new Deadlines(new DayRule(4, DayKind.CALENDAR_DAYS),
            new DayRule(7, DayKind.CALENDAR_DAYS), new DayRule(7, DayKind.CALENDAR_DAYS));

    @Test
    void calendarDayRulesOfTheQualityStandardAndTheLaw() {
        PlanDeadlines d = PlanDeadlines.compute(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 2), null, false, CALENDAR);

        assertThat(d.contact()).isEqualTo(LocalDate.of(2026, 3, 6));
        assertThat(d.start()).isEqualTo(LocalDate.of(2026, 3, 10));
        assertThat(d.freeChoice()).isEqualTo(LocalDate.of(2026, 3, 9));
        assertThat(d.municipal()).isTrue();
    }

    @Test
    void aLaterStartRequiredByThePlanIsTheStartDeadlineAndMovesFreeChoice() {
        PlanDeadlines d = PlanDeadlines.compute(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 1), false, CALENDAR);

        assertThat(d.start()).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(d.freeChoice()).isEqualTo(LocalDate.of(2026, 4, 8));
        assertThat(d.contact()).isEqualTo(LocalDate.of(2026, 3, 6));
    }

    @Test
    void anEarlierNotBeforeChangesNothing() {
        PlanDeadlines d = PlanDeadlines.compute(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 1), false, CALENDAR);

        assertThat(d.start()).isEqualTo(LocalDate.of(2026, 3, 10));
        assertThat(d.freeChoice()).isEqualTo(LocalDate.of(2026, 3, 9));
    }

    @Test
    void specialisedPlansAreNotMunicipal() {
        assertThat(PlanDeadlines.compute(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 2), null, true, CALENDAR).municipal()).isFalse();
    }

    @Test
    void dayCountsAndKindsAreConfiguration() {
        Deadlines working = new Deadlines(new DayRule(2, DayKind.WORKING_DAYS), new DayRule(10, DayKind.WORKING_DAYS),
                new DayRule(7, DayKind.CALENDAR_DAYS));

        PlanDeadlines d = PlanDeadlines.compute(LocalDate.of(2026, 3, 27), LocalDate.of(2026, 3, 27), null, false, working);

        // Friday 27 March 2026; Easter 2026: Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April
        assertThat(d.contact()).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(d.start()).isEqualTo(LocalDate.of(2026, 4, 15));
    }

    @Test
    void danishPublicHolidays() {
        assertThat(DanishCalendar.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(DanishCalendar.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(DanishCalendar.isPublicHoliday(LocalDate.of(2026, 5, 14))).as("Ascension Day 2026").isTrue();
        assertThat(DanishCalendar.isPublicHoliday(LocalDate.of(2026, 5, 25))).as("Whit Monday 2026").isTrue();
        assertThat(DanishCalendar.isPublicHoliday(LocalDate.of(2023, 5, 5))).as("Great Prayer Day 2023").isTrue();
        assertThat(DanishCalendar.isPublicHoliday(LocalDate.of(2024, 4, 26))).as("no Great Prayer Day from 2024").isFalse();
        assertThat(DanishCalendar.isPublicHoliday(LocalDate.of(2026, 12, 26))).isTrue();
        assertThat(DanishCalendar.isWorkingDay(LocalDate.of(2026, 11, 23))).isTrue();
        assertThat(DanishCalendar.isWorkingDay(LocalDate.of(2026, 11, 22))).isFalse();
    }
}
