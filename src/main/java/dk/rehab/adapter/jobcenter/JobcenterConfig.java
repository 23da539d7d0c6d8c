package dk.rehab.adapter.jobcenter;

import dk.rehab.adapter.config.AdapterProperties.DayKind;
import dk.rehab.adapter.config.AdapterProperties.DayRule;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@link JobcenterProperties}: {@code adapter.jobcenter.start-deadline.days} (default 15) and {@code .kind}
 * ({@code working-days}, the default, or {@code calendar-days}); anything else stops the start-up naming the key.
 */
@Configuration
public class JobcenterConfig {
    @Bean
    public JobcenterProperties jobcenterProperties(@Value("${adapter.jobcenter.start-deadline.days:15}") int days,
                                                   @Value("${adapter.jobcenter.start-deadline.kind:working-days}") String kind) {
        DayKind parsed;
        try {
            parsed = DayKind.valueOf(kind.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("adapter.jobcenter.start-deadline.kind is working-days or calendar-days, not " + kind, e);
        }
        return new JobcenterProperties(new DayRule(days, parsed));
    }
}
