package dk.rehab.adapter.store;

import org.hl7.fhir.r4.model.Resource;

/** Told of every version {@link ResourceStore} stores, inside the writing transaction (the audit trail listens). */
public interface ResourceWriteListener {
    void written(Resource resource);
}
