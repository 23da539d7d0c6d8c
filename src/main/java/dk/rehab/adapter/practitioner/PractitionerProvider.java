package dk.rehab.adapter.practitioner;

import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import dk.rehab.adapter.fhir.IdentifiedResourceProvider;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.validation.ValidatorHolder;
import org.hl7.fhir.r4.model.Practitioner;
import org.springframework.stereotype.Component;

/** {@code /Practitioner}: the therapists. create (identity by identifier), read, vread, search by identifier, $validate. */
@Component
public class PractitionerProvider extends IdentifiedResourceProvider<Practitioner> {
    public PractitionerProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, IdentifierSearch search) {
        super(Practitioner.class, creates, reads, validator, search);
    }

    @Validate
    public MethodOutcome validate(@ResourceParam Practitioner resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }
}
