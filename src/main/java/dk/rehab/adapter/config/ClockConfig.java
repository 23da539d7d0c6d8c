package dk.rehab.adapter.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The adapter's clock for time-driven work (the reminder planner, the sending time of letters and reminders): the
 * system clock in UTC. Tests replace it with a clock they move (a {@code @Primary} bean), so a reminder due tomorrow
 * is tested without waiting for tomorrow.
 */
@Configuration
public class ClockConfig {
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
