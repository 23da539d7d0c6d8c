package dk.rehab.adapter.store;

import java.time.Instant;

/** One stored version of a resource: its JSON exactly as the adapter serves it. */
public record StoredResource(String type, String id, int version, Instant lastUpdated, String method, String json) {
}
