package dk.rehab.adapter.klgateway;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * The adapter's Patient to {@code klgateway-140-citizen}: the CPR number only (KL forbids name, address, telecom,
 * gender, birth date), {@code deceasedBoolean} (1..1: true when the adapter's Patient records a death, as boolean or
 * date; false when it records none) and the municipality responsible, as {@code managingOrganization.identifier} (SOR)
 * of the centre that runs the course or receives the plan. Pure.
 */
public final class KlPatientMapper {
    private KlPatientMapper() {
    }

    public static Patient map(Patient patient, Organization municipality) {
        Patient kl = new Patient();
        kl.setId(patient.getIdElement().getIdPart());
        Kl.profile(kl, Kl.CITIZEN);
        patient.getIdentifier().stream().filter(i -> Kl.CPR.equals(i.getSystem())).findFirst()
                .ifPresent(i -> kl.addIdentifier(new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Kl.CPR).setValue(i.getValue())));
        boolean deceased = patient.getDeceased() instanceof BooleanType b ? b.booleanValue() : patient.getDeceased() instanceof DateTimeType;
        kl.setDeceased(new BooleanType(deceased));
        KlOrganizationMapper.sor(municipality).ifPresent(sor -> kl.setManagingOrganization(new Reference().setIdentifier(
                new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Kl.SOR).setValue(sor))));
        return kl;
    }
}
