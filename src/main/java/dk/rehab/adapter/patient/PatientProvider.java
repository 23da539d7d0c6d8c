package dk.rehab.adapter.patient;

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
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code /Patient}: create, read, vread, search by identifier. A Patient whose CPR number the adapter knows is
 * not created again: the answer is the existing one (200).
 */
@Component
public class PatientProvider extends StoredResourceProvider<Patient> {
    private final IdentifierSearch search;

    public PatientProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, IdentifierSearch search) {
        super(Patient.class, creates, reads, validator);
        this.search = search;
    }

    @Validate
    public MethodOutcome validate(@ResourceParam Patient resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam id,
                                  @OptionalParam(name = "identifier") TokenAndListParam identifier,
                                  @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        return search.search(Patient.class, id, identifier, sort, offset, count);
    }
}
