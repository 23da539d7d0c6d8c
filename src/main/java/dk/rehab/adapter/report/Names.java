package dk.rehab.adapter.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The names of the hospitals and teams a table is stratified by: all of a table's ids in one read of their current
 * versions, the name taken from the stored JSON (a national year has hundreds of teams: one read and a HAPI parse per
 * team was a third of the courses table's time). An id whose resource does not exist, or has no name, is its own name.
 */
@Component
public class Names {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ResourceStore store;

    public Names(ResourceStore store) {
        this.store = store;
    }

    /** Each id's Organization name, in the order of {@code ids}. */
    public Map<String, String> organisations(Collection<String> ids) {
        return names("Organization", ids);
    }

    /** Each id's HealthcareService name, in the order of {@code ids}. */
    public Map<String, String> teams(Collection<String> ids) {
        return names("HealthcareService", ids);
    }

    private Map<String, String> names(String type, Collection<String> ids) {
        Map<String, String> found = new HashMap<>();
        for (StoredResource resource : store.currentMany(type, ids)) {
            String name = nameOf(resource.json());
            if (name != null) {
                found.put(resource.id(), name);
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        ids.forEach(id -> names.put(id, found.getOrDefault(id, id)));
        return names;
    }

    /** The resource's {@code name} (a string at the top level of Organization and HealthcareService), or null. */
    static String nameOf(String json) {
        try {
            JsonNode name = JSON.readTree(json).get("name");
            return name != null && name.isTextual() && !name.asText().isBlank() ? name.asText() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
