package dk.rehab.adapter.practitioner;

import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import dk.rehab.adapter.fhir.IdentifiedResourceProvider;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.validation.ValidatorHolder;
import org.hl7.fhir.r4.model.HealthcareService;
import org.springframework.stereotype.Component;

/** {@code /HealthcareService}: the teams (hold). create (If-None-Exist on identifier), read, vread, search by identifier, $validate. */
@Component
public class TeamProvider extends IdentifiedResourceProvider<HealthcareService> {
    public TeamProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, IdentifierSearch search) {
        super(HealthcareService.class, creates, reads, validator, search);
    }

    @Validate
    public MethodOutcome validate(@ResourceParam HealthcareService resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }
}
