package dk.rehab.adapter.patient;

import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import dk.rehab.adapter.fhir.IdentifiedResourceProvider;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.validation.ValidatorHolder;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code /Patient}: create, read, vread, search by identifier, $validate. A Patient whose CPR number the adapter
 * knows is not created again: the answer is the existing one (200).
 */
@Component
public class PatientProvider extends IdentifiedResourceProvider<Patient> {
    public PatientProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, IdentifierSearch search) {
        super(Patient.class, creates, reads, validator, search);
    }

    @Validate
    public MethodOutcome validate(@ResourceParam Patient resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }
}
