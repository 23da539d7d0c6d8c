package dk.rehab.adapter.klgateway;

import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;

/**
 * The adapter's Organization (hospital department, rehabilitation centre) to {@code klgateway-140-organization}: its SOR
 * id as the one identifier KL allows (EAN/GLN, municipality code, ydernummer are forbidden there), nothing else. Pure.
 */
public final class KlOrganizationMapper {
    private KlOrganizationMapper() {
    }

    public static Organization map(Organization org) {
        Organization kl = new Organization();
        kl.setId(org.getIdElement().getIdPart());
        Kl.profile(kl, Kl.ORGANIZATION);
        sor(org).ifPresent(sor -> kl.addIdentifier(new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Kl.SOR).setValue(sor)));
        return kl;
    }

    static Optional<String> sor(Organization org) {
        return org == null ? Optional.empty() : org.getIdentifier().stream().filter(i -> Kl.SOR.equals(i.getSystem()) && i.hasValue())
                .map(Identifier::getValue).findFirst();
    }
}
