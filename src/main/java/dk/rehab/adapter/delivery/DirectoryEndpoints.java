package dk.rehab.adapter.delivery;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

/**
 * Where a delivery to an organisation goes now: the endpoint directory asked again with the recipient's identifiers (those
 * of its stored Organization, and the one the row names), for a {@code $retry} of a row that had no endpoint.
 */
@Component
public class DirectoryEndpoints {
    private final EndpointDirectory directory;
    private final ResourceStore store;

    public DirectoryEndpoints(EndpointDirectory directory, ResourceStore store) {
        this.directory = directory;
        this.store = store;
    }

    /** The recipient's endpoint; {@code delivery-not-retryable} when the directory still knows none. */
    public String endpoint(Delivery d) {
        Optional<EndpointDirectory.Match> match = d.recipientSystem() == null ? Optional.empty() : directory.find(identifiers(d));
        if (match.isEmpty()) {
            throw new AdapterException(ErrorCode.DELIVERY_NOT_RETRYABLE, "the endpoint directory still knows no FHIR server for "
                    + "this recipient; add it to adapter.delivery.endpoints", "Task.restriction.recipient");
        }
        return match.get().endpoint().url();
    }

    private List<Identifier> identifiers(Delivery d) {
        List<Identifier> identifiers = new ArrayList<>();
        if (d.recipientRef() != null) {
            store.current("Organization", new IdType(d.recipientRef()).getIdPart())
                    .ifPresent(s -> identifiers.addAll(store.parse(s, Organization.class).getIdentifier()));
        }
        identifiers.add(new Identifier().setSystem(d.recipientSystem()).setValue(d.recipientValue()));
        return identifiers;
    }
}
