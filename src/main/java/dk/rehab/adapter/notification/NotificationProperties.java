package dk.rehab.adapter.notification;

import dk.rehab.adapter.config.AdapterProperties.DayRule;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.notifications}: hospital notifications.
 *
 * @param resumeContact the new contact deadline of a course resumed after a hospital stay: days after the discharge
 *     (calendar or working days), by default 4 calendar days as the plan's contact deadline
 */
@ConfigurationProperties("adapter.notifications")
public record NotificationProperties(@DefaultValue({"4", "calendar-days"}) DayRule resumeContact) {
}
