package dk.rehab.adapter.organization;

import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import dk.rehab.adapter.fhir.IdentifiedResourceProvider;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.validation.ValidatorHolder;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

/**
 * {@code /Organization}: create, read, vread, search by identifier, $validate. An Organization whose SOR id or
 * GLN/EAN number the adapter knows is not created again: the answer is the existing one (200), which learns the
 * SOR/GLN identifiers it lacked.
 */
@Component
public class OrganizationProvider extends IdentifiedResourceProvider<Organization> {
    public OrganizationProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, IdentifierSearch search) {
        super(Organization.class, creates, reads, validator, search);
    }

    @Validate
    public MethodOutcome validate(@ResourceParam Organization resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }
}
