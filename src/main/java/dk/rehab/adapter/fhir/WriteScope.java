package dk.rehab.adapter.fhir;

import java.util.HashMap;
import java.util.Map;

/**
 * What one write (a single create/update, or a whole transaction Bundle) knows beyond the database: the
 * placeholders ({@code urn:uuid:…} fullUrls) of the Bundle's entries mapped to the ids they were stored
 * under, and the FHIRPath prefix that error expressions start with.
 */
public final class WriteScope {
    private final Map<String, String> placeholders = new HashMap<>();
    private final java.util.Set<String> stored = new java.util.HashSet<>();

    public static WriteScope single() {
        return new WriteScope();
    }

    public void bind(String placeholder, String typeAndId) {
        placeholders.put(placeholder, typeAndId);
        stored.add(typeAndId);
    }

    /** Whether {@code Type/id} was stored (or found) by this write: it exists, no need to ask the database. */
    public boolean isStoredHere(String typeAndId) {
        return stored.contains(typeAndId);
    }

    /** {@code Type/id} for a placeholder of this Bundle, or null. */
    public String resolvePlaceholder(String placeholder) {
        return placeholders.get(placeholder);
    }

    public boolean isPlaceholder(String reference) {
        return reference != null && (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:"));
    }
}
