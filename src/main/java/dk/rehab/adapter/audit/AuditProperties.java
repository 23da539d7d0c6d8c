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
 */
@ConfigurationProperties("adapter.audit")
public record AuditProperties(@DefaultValue("rehab-fhir-adapter") String sourceId,
                              @DefaultValue("10000") int queueCapacity,
                              @DefaultValue("500") int batchSize) {
}
