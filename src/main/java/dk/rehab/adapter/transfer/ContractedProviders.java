package dk.rehab.adapter.transfer;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.organization.OrganizationIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.springframework.stereotype.Component;

/**
 * The contracted private providers from configuration ({@code adapter.free-choice.providers}), checked at start-up
 * (each needs a name, a FHIR endpoint URL and a SOR id or a CVR number of the right form), found by SOR id or CVR number.
 */
@Component
public class ContractedProviders {
    private final List<FreeChoiceProperties.Provider> providers;

    public ContractedProviders(FreeChoiceProperties properties) {
        for (int i = 0; i < properties.providers().size(); i++) {
            FreeChoiceProperties.Provider p = properties.providers().get(i);
            String at = "adapter.free-choice.providers[" + i + "]";
            if (blank(p.name()) || blank(p.url()) || blank(p.sor()) && blank(p.cvr())) {
                throw new IllegalArgumentException(at + ": each contracted provider needs name, url and sor and/or cvr");
            }
            if (!blank(p.sor()) && OrganizationIds.sorProblem(p.sor()) != null) {
                throw new IllegalArgumentException(at + ".sor: " + OrganizationIds.sorProblem(p.sor()));
            }
            if (!blank(p.cvr()) && !p.cvr().matches("\\d{8}")) {
                throw new IllegalArgumentException(at + ".cvr: a CVR number is 8 digits");
            }
            if (!p.url().startsWith("http://") && !p.url().startsWith("https://")) {
                throw new IllegalArgumentException(at + ".url: the provider's FHIR base URL (http or https)");
            }
        }
        this.providers = properties.providers();
    }

    /** The contracted provider {@code identifier} names (SOR id or CVR number), if any. */
    public Optional<FreeChoiceProperties.Provider> find(Identifier identifier) {
        if (identifier == null || !identifier.hasValue()) {
            return Optional.empty();
        }
        String value = identifier.getValue().trim();
        String system = identifier.getSystem();
        return providers.stream().filter(p -> Canonical.SYSTEM_SOR.equals(system) && value.equals(p.sor())
                || Canonical.SYSTEM_CVR.equals(system) && value.equals(p.cvr())).findFirst();
    }

    /** The provider's identifiers: SOR id first, then CVR number. */
    public static List<Identifier> identifiers(FreeChoiceProperties.Provider p) {
        List<Identifier> ids = new ArrayList<>();
        if (!blank(p.sor())) {
            ids.add(new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Canonical.SYSTEM_SOR).setValue(p.sor()));
        }
        if (!blank(p.cvr())) {
            ids.add(new Identifier().setSystem(Canonical.SYSTEM_CVR).setValue(p.cvr()));
        }
        return ids;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
