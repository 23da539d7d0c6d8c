package dk.rehab.adapter.delivery;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.store.ResourceStore;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.stereotype.Component;

/** A final status (slutstatus) to the citizen's GP (recipient kind {@code gp}) or to a hospital ({@code hospital}). */
@Component
class FinalStatusSender extends DocumentSender {
    static final String GP = "gp";
    static final String HOSPITAL = "hospital";

    FinalStatusSender(DeliverySender sender, ResourceStore store, DirectoryEndpoints endpoints) {
        super(sender, store, endpoints);
    }

    @Override
    public Set<String> recipientKinds() {
        return Set.of(GP, HOSPITAL);
    }

    @Override
    public TaskText taskText(Delivery d) {
        boolean gp = GP.equals(d.recipientKind());
        return TaskText.toOrganisation(d, new Coding(Canonical.CS_DOCUMENT_TYPES, "final-status", "Slutstatus"), "Send slutstatus",
                TaskText.named("Send the final status to " + (gp ? "the citizen's GP" : "the hospital"), d), "DocumentReference",
                gp ? "the citizen's GP" : "hospital");
    }
}
