package dk.rehab.adapter;

import dk.rehab.adapter.security.TokenCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The rehab FHIR adapter: hospital plans in, courses and final statuses out. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class RehabAdapterApplication {
    /** {@code token …} prints a locally signed token and exits, without starting the server ({@link TokenCommand}). */
    public static void main(String[] args) {
        if (args.length > 0 && "token".equals(args[0])) {
            int status = TokenCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
            if (status != 0) {
                System.exit(status);
            }
            return;
        }
        SpringApplication.run(RehabAdapterApplication.class, args);
    }
}
