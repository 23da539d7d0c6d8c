package dk.rehab.adapter.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Add to an application's sources to give it a {@link MovableClock} as its Clock. */
@Configuration
public class MovableClockConfig {
    @Bean
    @Primary
    public MovableClock movableClock() {
        return new MovableClock();
    }
}
