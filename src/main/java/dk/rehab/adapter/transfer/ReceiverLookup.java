package dk.rehab.adapter.transfer;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.delivery.EndpointDirectory;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import java.util.List;
import org.hl7.fhir.r4.model.Identifier;
import org.springframework.stereotype.Component;

/**
 * Finds the receiver a {@code $transfer} names: a private provider on the contracted list (by SOR id or CVR number),
 * or another municipality in the endpoint directory (by SOR id or municipality code), never this municipality.
 */
@Component
class ReceiverLookup {
    private final ContractedProviders providers;
    private final EndpointDirectory directory;
    private final AdapterProperties properties;

    ReceiverLookup(ContractedProviders providers, EndpointDirectory directory, AdapterProperties properties) {
        this.providers = providers;
        this.directory = directory;
        this.properties = properties;
    }

    Receiver provider(Identifier identifier) {
        FreeChoiceProperties.Provider p = providers.find(identifier).orElseThrow(() -> new AdapterException(ErrorCode.PROVIDER_NOT_CONTRACTED,
                "the provider " + describe(identifier) + " is not on the municipality's list of contracted providers "
                        + "(adapter.free-choice.providers; by SOR id " + Canonical.SYSTEM_SOR + " or CVR number " + Canonical.SYSTEM_CVR + ")",
                "Parameters.parameter('provider').value"));
        return new Receiver(Receiver.PROVIDER, p.name(), ContractedProviders.identifiers(p), p.url());
    }

    Receiver municipality(Identifier identifier) {
        String where = "Parameters.parameter('municipality').value";
        AdapterProperties.Messaging self = properties.messaging();
        boolean us = Canonical.SYSTEM_SOR.equals(identifier.getSystem()) && self.sor().equals(identifier.getValue())
                || Canonical.SYSTEM_MUNICIPALITY_CODE.equals(identifier.getSystem()) && self.isMunicipality(identifier.getValue());
        if (us) {
            throw new AdapterException(ErrorCode.MUNICIPALITY_UNKNOWN, "the municipality " + describe(identifier)
                    + " is this municipality; a plan is transferred to another one", where);
        }
        EndpointDirectory.Match match = directory.find(List.of(identifier)).orElseThrow(() -> new AdapterException(ErrorCode.MUNICIPALITY_UNKNOWN,
                "the endpoint directory (adapter.delivery.endpoints) knows no FHIR server for the municipality " + describe(identifier)
                        + " (by SOR id " + Canonical.SYSTEM_SOR + " or municipality code " + Canonical.SYSTEM_MUNICIPALITY_CODE + ")", where));
        Identifier id = new Identifier().setSystem(match.endpoint().system()).setValue(match.endpoint().value());
        if (Canonical.SYSTEM_SOR.equals(id.getSystem())) {
            id.setUse(Identifier.IdentifierUse.OFFICIAL);
        }
        String name = match.endpoint().name() == null ? "Kommune " + id.getValue() : match.endpoint().name();
        return new Receiver(Receiver.MUNICIPALITY, name, List.of(id), match.endpoint().url());
    }

    private static String describe(Identifier identifier) {
        return (identifier.hasSystem() ? identifier.getSystem() + "|" : "") + identifier.getValue();
    }
}
