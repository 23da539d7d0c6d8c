package dk.rehab.adapter.export;

import java.util.List;

/**
 * What a bulk export covers. System level: every resource type the adapter stores (the catalogue's PlanDefinitions are
 * served from their file and the audit trail is the auditor's: neither is exported). Patient level: the types of the
 * Patient compartment the adapter keeps; every stored resource of these types belongs to a citizen, so "every
 * patient's compartment" is every resource of them. Group level: the same types, of the Group's members at kick-off only.
 */
public enum ExportLevel {
    SYSTEM(List.of("Patient", "Organization", "Practitioner", "HealthcareService", "ServiceRequest", "Condition", "EpisodeOfCare",
            "Appointment", "Observation", "DocumentReference", "Task", "Encounter", "Communication", "Group")),
    PATIENT(List.of("Patient", "ServiceRequest", "Condition", "EpisodeOfCare", "Appointment", "Observation", "DocumentReference",
            "Encounter", "Communication")),
    GROUP(PATIENT.types);

    private final List<String> types;

    ExportLevel(List<String> types) {
        this.types = types;
    }

    /** The types exported when the request names none, in the order they are exported. */
    public List<String> types() {
        return types;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ExportLevel of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
