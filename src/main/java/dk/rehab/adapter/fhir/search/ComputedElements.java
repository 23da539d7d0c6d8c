package dk.rehab.adapter.fhir.search;

import java.util.Collection;
import org.hl7.fhir.r4.model.Resource;

/**
 * Elements of a type that are computed on every read rather than stored (the course's session usage): the feature
 * that owns the type adds them, and {@link SearchExecutor} applies it to the resources of that type a search brings
 * in through {@code _include} or {@code _revinclude}, so an included resource reads as the same resource read alone.
 */
public interface ComputedElements {
    String type();

    void addTo(Collection<? extends Resource> resources);
}
