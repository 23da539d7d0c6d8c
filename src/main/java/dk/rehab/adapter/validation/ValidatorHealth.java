package dk.rehab.adapter.validation;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code validator}, part of readiness: UP once the profile validator is warm; when it is not
 * preloaded (adapter.validation.preload=false, not strict) it does not hold readiness back.
 */
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
        if (!holder.isPreloaded()) {
            return Health.up().withDetail("validator", "not preloaded: built on first use ($validate)").build();
        }
        if (holder.hasFailed()) {
            return Health.down().withDetail("validator", "could not be built; see the log").build();
        }
        return Health.outOfService().withDetail("validator", "warming up").build();
    }
}
