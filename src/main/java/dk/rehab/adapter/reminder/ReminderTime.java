package dk.rehab.adapter.reminder;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** When a session starting at {@code start} is reminded: {@code days-before} days before its day at {@code hour}, at the latest two hours before it. */
public record ReminderTime(int daysBefore, int hour, ZoneId zone) {
    static final Duration LATEST_BEFORE_START = Duration.ofHours(2);

    public Instant due(Instant start) {
        Instant planned = start.atZone(zone).toLocalDate().minusDays(daysBefore).atTime(hour, 0).atZone(zone).toInstant();
        Instant latest = start.minus(LATEST_BEFORE_START);
        return planned.isAfter(latest) ? latest : planned;
    }

    /** How far ahead of now a session can start and already be due: the window the planner looks at. */
    public Duration lookahead() {
        return Duration.ofDays(daysBefore + 2L);
    }
}
