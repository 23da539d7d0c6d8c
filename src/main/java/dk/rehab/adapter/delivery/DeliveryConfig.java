package dk.rehab.adapter.delivery;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs the delivery worker on Spring's scheduler. */
@Configuration
@EnableScheduling
class DeliveryConfig {
}
