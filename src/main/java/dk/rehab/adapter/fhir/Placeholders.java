package dk.rehab.adapter.fhir;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Stable placeholder names ({@code urn:uuid:}) for the entries of a mapped message or document, derived from a name, so
 * the same input maps to the same placeholders every time (and a re-sent message to the same result).
 */
public final class Placeholders {
    private final String key;
    private final Map<String, String> byRole = new HashMap<>();

    /** Placeholders for the entries of the message (or document) with this key. */
    public Placeholders(String key) {
        this.key = key;
    }

    /** The placeholder of the entry playing {@code role} (patient, sender, condition-0, …) under this key. */
    public String of(String role) {
        return byRole.computeIfAbsent(role, r -> urn(key + "|" + r));
    }

    /** The placeholder derived from {@code name}: a name-based (type 3) UUID. */
    public static String urn(String name) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
