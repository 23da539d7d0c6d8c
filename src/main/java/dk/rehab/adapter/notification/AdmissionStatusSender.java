package dk.rehab.adapter.notification;

import dk.rehab.adapter.delivery.Delivery;
import dk.rehab.adapter.delivery.DeliverySender;
import dk.rehab.adapter.delivery.DirectoryEndpoints;
import dk.rehab.adapter.delivery.DocumentSender;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.store.ResourceStore;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.stereotype.Component;

/**
 * The citizen's current functional status, to the hospital that announced an admission (recipient kind
 * {@link Notifications#DELIVERY_KIND}).
 */
@Component
class AdmissionStatusSender extends DocumentSender {
    AdmissionStatusSender(DeliverySender sender, ResourceStore store, DirectoryEndpoints endpoints) {
        super(sender, store, endpoints);
    }

    @Override
    public Set<String> recipientKinds() {
        return Set.of(Notifications.DELIVERY_KIND);
    }

    @Override
    public TaskText taskText(Delivery d) {
        TaskText text = TaskText.toOrganisation(d, new Coding(Canonical.CS_DOCUMENT_TYPES, "admission-functional-status",
                "Aktuel funktionsevne ved indlæggelse"), "Send funktionsevne til hospitalet",
                TaskText.named("Send the citizen's current functional status to the admitting hospital", d), "DocumentReference", "hospital");
        // superseded here means cancel-admit stopped it (README, Hospital notifications)
        return new TaskText(text.code(), text.text(), text.description(), text.focusType(), text.recipient(), text.noEndpoint(),
                "the hospital cancelled the admission before the functional status was delivered");
    }
}
