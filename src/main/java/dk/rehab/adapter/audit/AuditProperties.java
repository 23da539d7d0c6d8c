package dk.rehab.adapter.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail ({@code adapter.audit.*}).
 *
 * @param sourceId      the adapter instance as AuditEvents name it (source.site and source.observer identifier)
 * @param queueCapacity AuditEvents of reads, searches and refusals waiting for the writer thread; when full, a request
 *                      waits until there is room (nothing is dropped)
 * @param batchSize     the most AuditEvents the writer thread stores in one transaction
 * @param linger        how long the writer thread waits, after the first event of a batch, for more to join it before
 *                      it commits (fewer, larger commits; {@code 0} commits whatever has queued at once). Bounds, with
 *                      the commit's own time, what a kill -9 can lose of reads' and refusals' events under light load
 */
@ConfigurationProperties("adapter.audit")
public record AuditProperties(@DefaultValue("rehab-fhir-adapter") String sourceId,
                              @DefaultValue("10000") int queueCapacity,
                              @DefaultValue("500") int batchSize,
                              @DefaultValue("50ms") java.time.Duration linger) {
}
