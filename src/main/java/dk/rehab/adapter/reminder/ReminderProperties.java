package dk.rehab.adapter.reminder;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reminders before sessions, under {@code adapter.reminders}: a booked session is reminded {@code days-before} days
 * before its day at {@code hour} o'clock in Danish time ({@code adapter.zone}, Europe/Copenhagen), and never later
 * than two hours before it starts.
 *
 * @param enabled run the reminder planner in this instance
 * @param daysBefore days before the session's day (0: the same day)
 * @param hour the hour of that day, 0–23
 * @param pollInterval how often the planner looks for sessions due a reminder
 */
@ConfigurationProperties("adapter.reminders")
public record ReminderProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1") int daysBefore,
        @DefaultValue("16") int hour,
        @DefaultValue("1m") Duration pollInterval) {

    public ReminderProperties {
        if (daysBefore < 0 || daysBefore > 14) {
            throw new IllegalArgumentException("adapter.reminders.days-before must be 0 to 14, was " + daysBefore);
        }
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("adapter.reminders.hour must be 0 to 23, was " + hour);
        }
    }
}
