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

    public static WriteScope single() {
        return new WriteScope();
    }

    public void bind(String placeholder, String typeAndId) {
        placeholders.put(placeholder, typeAndId);
    }

    /** {@code Type/id} for a placeholder of this Bundle, or null. */
    public String resolvePlaceholder(String placeholder) {
        return placeholders.get(placeholder);
    }

    public boolean isPlaceholder(String reference) {
        return reference != null && (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:"));
    }
}
