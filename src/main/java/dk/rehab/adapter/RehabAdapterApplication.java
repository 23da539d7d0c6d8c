package dk.rehab.adapter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The rehab FHIR adapter: hospital plans in, courses and final statuses out. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class RehabAdapterApplication {
    public static void main(String[] args) {
        SpringApplication.run(RehabAdapterApplication.class, args);
    }
}
