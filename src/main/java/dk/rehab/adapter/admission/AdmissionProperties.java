package dk.rehab.adapter.admission;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many writes (POST, PUT, PATCH, DELETE under {@code /fhir} and {@code /medcom}) the adapter works on at once,
 * and how long a write may wait for its turn ({@code adapter.admission.*}).
 *
 * @param concurrentWrites writes in progress at once; 0 = one more than the processors the JVM sees (3 on 2 cores);
 *                         a negative value turns admission control off (every write runs at once, as Tomcat takes it)
 * @param queueTimeout     the longest a write waits for its turn; after that it is answered 503 {@code server-busy}
 *                         with {@code Retry-After}, having stored nothing
 */
@ConfigurationProperties("adapter.admission")
public record AdmissionProperties(@DefaultValue("0") int concurrentWrites, @DefaultValue("PT30S") Duration queueTimeout) {

    /** The number of permits, or 0 when admission control is off. */
    public int permits() {
        if (concurrentWrites < 0) {
            return 0;
        }
        return concurrentWrites == 0 ? Runtime.getRuntime().availableProcessors() + 1 : concurrentWrites;
    }
}
