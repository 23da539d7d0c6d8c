package dk.rehab.adapter.plan;

import dk.rehab.adapter.config.AdapterProperties.DayKind;
import dk.rehab.adapter.config.AdapterProperties.DayRule;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

/**
 * Counts days the way Danish deadlines are counted: calendar days, or working days (Monday–Friday without
 * the Danish public holidays: New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday,
 * Great Prayer Day until 2023, Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing Day).
 */
public final class DanishCalendar {
    private DanishCalendar() {
    }

    /** The date {@code rule.days()} days of {@code rule.kind()} after {@code from}. */
    public static LocalDate add(LocalDate from, DayRule rule) {
        if (rule.kind() == DayKind.CALENDAR_DAYS) {
            return from.plusDays(rule.days());
        }
        LocalDate date = from;
        int left = rule.days();
        while (left > 0) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                left--;
            }
        }
        return date;
    }

    public static boolean isWorkingDay(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !isPublicHoliday(date);
    }

    public static boolean isPublicHoliday(LocalDate date) {
        int y = date.getYear();
        if (Set.of(LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 25), LocalDate.of(y, 12, 26)).contains(date)) {
            return true;
        }
        LocalDate easter = easterSunday(y);
        long offset = date.toEpochDay() - easter.toEpochDay();
        boolean greatPrayerDay = offset == 26 && y <= 2023;
        return offset == -3 || offset == -2 || offset == 0 || offset == 1 || greatPrayerDay
                || offset == 39 || offset == 49 || offset == 50;
    }

    /** Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }
}
