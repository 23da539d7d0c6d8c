package dk.rehab.adapter.delivery;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.store.ResourceStore;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * What the digital-post server receives of a Communication to the citizen: the stored one with its identifier
 * ({@code http://rehab-adapter.dk/fhir/communication|<id>}, the key of the conditional create) and the adapter's local
 * references replaced by what the receiver can resolve — the citizen (subject and recipient) by CPR number, the plan
 * and the session by their display text only.
 */
final class CitizenCommunications {
    private CitizenCommunications() {
    }

    static Communication outbound(Communication stored, ResourceStore store) {
        Communication c = stored.copy();
        String id = stored.getIdElement().getIdPart();
        c.setId((String) null);
        c.setMeta(null);
        c.getIdentifier().removeIf(i -> Canonical.SYSTEM_COMMUNICATION.equals(i.getSystem()));
        c.addIdentifier(new Identifier().setSystem(Canonical.SYSTEM_COMMUNICATION).setValue(id));
        Patient patient = store.read(Patient.class, new IdType(stored.getSubject().getReference()).getIdPart());
        Reference citizen = new Reference().setDisplay(stored.getSubject().getDisplay());
        patient.getIdentifier().stream().filter(i -> Canonical.SYSTEM_CPR.equals(i.getSystem())).findFirst()
                .ifPresent(i -> citizen.setIdentifier(new Identifier().setSystem(i.getSystem()).setValue(i.getValue())));
        c.setSubject(citizen);
        c.getRecipient().clear();
        c.addRecipient(citizen.copy());
        c.getBasedOn().forEach(r -> r.setReference(null).setDisplay(r.hasDisplay() ? r.getDisplay() : "Genoptræningsplan"));
        c.getAbout().forEach(r -> r.setReference(null).setDisplay(r.hasDisplay() ? r.getDisplay() : "Træningsaftale"));
        c.getBasedOn().removeIf(r -> !r.hasDisplay() && !r.hasIdentifier());
        c.setSender(c.hasSender() && c.getSender().hasDisplay() ? new Reference().setDisplay(c.getSender().getDisplay()) : null);
        return c;
    }
}
