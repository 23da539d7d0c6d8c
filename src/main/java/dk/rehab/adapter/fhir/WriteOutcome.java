package dk.rehab.adapter.fhir;

import org.hl7.fhir.r4.model.Resource;

/** The stored resource and whether this write created it (201) or found it already there (200). */
public record WriteOutcome<T extends Resource>(T resource, boolean created) {
}
