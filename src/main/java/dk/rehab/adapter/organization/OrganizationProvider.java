package dk.rehab.adapter.organization;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.StoredResourceProvider;
import dk.rehab.adapter.validation.ValidatorHolder;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

/**
 * {@code /Organization}: create, read, vread, search by identifier. An Organization whose SOR id or GLN/EAN
 * number the adapter knows is not created again: the answer is the existing one (200), which learns the
 * SOR/GLN identifiers it lacked.
 */
@Component
public class OrganizationProvider extends StoredResourceProvider<Organization> {
    private final IdentifierSearch search;

    public OrganizationProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, IdentifierSearch search) {
        super(Organization.class, creates, reads, validator);
        this.search = search;
    }

    @Validate
    public MethodOutcome validate(@ResourceParam Organization resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam id,
                                  @OptionalParam(name = "identifier") TokenAndListParam identifier,
                                  @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        return search.search(Organization.class, id, identifier, sort, offset, count);
    }
}
