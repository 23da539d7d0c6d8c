package dk.rehab.adapter.report;

import dk.rehab.adapter.store.ResourceStore;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

/** The names of the hospitals and teams a table is stratified by: one read per distinct id (a handful per report). */
@Component
public class Names {
    private final ResourceStore store;

    public Names(ResourceStore store) {
        this.store = store;
    }

    public String organisation(String id) {
        return store.current("Organization", id).map(r -> store.parse(r, Organization.class).getName()).orElse(id);
    }

    public String team(String id) {
        return store.current("HealthcareService", id).map(r -> store.parse(r, HealthcareService.class).getName()).orElse(id);
    }
}
