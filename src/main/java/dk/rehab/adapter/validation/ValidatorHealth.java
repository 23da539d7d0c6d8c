package dk.rehab.adapter.validation;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health contributor {@code validator}: part of readiness, UP once the profile validator is warm. */
@Component("validatorHealthIndicator")
public class ValidatorHealth implements HealthIndicator {
    private final ValidatorHolder holder;

    public ValidatorHealth(ValidatorHolder holder) {
        this.holder = holder;
    }

    @Override
    public Health health() {
        if (holder.isReady()) {
            return Health.up().build();
        }
        if (holder.hasFailed()) {
            return Health.down().withDetail("validator", "could not be built; see the log").build();
        }
        return Health.outOfService().withDetail("validator", "warming up").build();
    }
}
