package dk.rehab.adapter.fhir;

import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/** read, vread and history, the same for every resource type. */
@Component
public class ResourceReads {
    private final ResourceStore store;

    public ResourceReads(ResourceStore store) {
        this.store = store;
    }

    /** The current version, or the version the id names (vread). */
    public <T extends Resource> T read(Class<T> type, IdType id) {
        String name = type.getSimpleName();
        if (id.hasVersionIdPart()) {
            if (!id.isVersionIdPartValidLong()) {
                throw new AdapterException(ErrorCode.VERSION_NOT_FOUND, "'" + id.getVersionIdPart() + "' is not a version number", null);
            }
            StoredResource stored = store.version(name, id.getIdPart(), (int) (long) id.getVersionIdPartAsLong())
                    .orElseThrow(() -> notFound(name, id, store.exists(name, id.getIdPart())));
            return store.parse(stored, type);
        }
        return store.parse(store.current(name, id.getIdPart()).orElseThrow(() -> notFound(name, id, false)), type);
    }

    /** Every version, newest first. */
    public List<IBaseResource> history(Class<? extends Resource> type, IdType id) {
        String name = type.getSimpleName();
        List<StoredResource> versions = store.history(name, id.getIdPart());
        if (versions.isEmpty()) {
            throw notFound(name, id, false);
        }
        return versions.stream().<IBaseResource>map(v -> store.parse(v, type)).toList();
    }

    private static AdapterException notFound(String type, IdType id, boolean resourceExists) {
        return resourceExists
                ? new AdapterException(ErrorCode.VERSION_NOT_FOUND, type + "/" + id.getIdPart() + " has no version " + id.getVersionIdPart(), null)
                : new AdapterException(ErrorCode.NOT_FOUND, "there is no " + type + " with id " + id.getIdPart(), null);
    }
}
