package dk.rehab.adapter.message;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.organization.OrganizationIds;
import dk.rehab.adapter.security.Callers;
import dk.rehab.adapter.security.ClientKind;
import java.util.List;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Who sent a message, as {@code received_message.sender} keeps it (the key of a hospital's acknowledgement
 * compartment): the identifier value of the message's sender Organization (MessageHeader.sender, the GGOP's Sender).
 * When a hospital sent it and its token's organisation id is among those identifiers, that value (so the hospital
 * reads the answer whichever of its ids its token carries); otherwise the SOR id, else the GLN/EAN, else null.
 */
public final class Senders {
    private Senders() {
    }

    public static String of(PlanMessage message) {
        if (message.sender() == null) {
            return null;
        }
        List<Identifier> identifiers = message.sender().getIdentifier().stream().filter(Identifier::hasValue).toList();
        String own = Callers.current().filter(caller -> caller.kind() == ClientKind.HOSPITAL).map(caller -> caller.organisation())
                .filter(organisation -> identifiers.stream().anyMatch(i -> organisation.equals(i.getValue()))).orElse(null);
        if (own != null) {
            return own;
        }
        return identifiers.stream().filter(i -> Canonical.SYSTEM_SOR.equals(i.getSystem())).map(Identifier::getValue).findFirst()
                .or(() -> identifiers.stream().filter(i -> OrganizationIds.isGln(i.getSystem())).map(Identifier::getValue).findFirst())
                .orElse(null);
    }
}
