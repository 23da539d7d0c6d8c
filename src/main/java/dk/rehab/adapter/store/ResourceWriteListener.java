package dk.rehab.adapter.store;

import org.hl7.fhir.r4.model.Resource;

/** Told of every version {@link ResourceStore} stores, inside the writing transaction (the audit trail listens). */
public interface ResourceWriteListener {
    void written(Resource resource);

    /** A version stored from its encoded JSON ({@link ResourceStore#insertNew}): the resource object is not kept. */
    void written(String type, String id, String json);
}
