package dk.rehab.adapter.transfer;

import java.util.List;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Where a transferred plan goes: a contracted private provider ({@code provider}) or another municipality
 * ({@code municipality}), its name, identifiers (the one the request named first) and the base URL of its FHIR server.
 */
public record Receiver(String kind, String name, List<Identifier> identifiers, String endpoint) {
    public static final String PROVIDER = "provider";
    public static final String MUNICIPALITY = "municipality";

    public Identifier first() {
        return identifiers.get(0);
    }
}
