package dk.rehab.adapter.jobcenter;

import dk.rehab.adapter.delivery.Delivery;
import dk.rehab.adapter.delivery.DeliveryPlanner;
import dk.rehab.adapter.delivery.DeliverySender;
import dk.rehab.adapter.delivery.DirectoryEndpoints;
import dk.rehab.adapter.delivery.DocumentSender;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.store.ResourceStore;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.stereotype.Component;

/** The functional-capacity assessment of a course a Jobcenter referred, to that Jobcenter (recipient kind {@code jobcenter}). */
@Component
class JobcenterSender extends DocumentSender {
    JobcenterSender(DeliverySender sender, ResourceStore store, DirectoryEndpoints endpoints) {
        super(sender, store, endpoints);
    }

    @Override
    public Set<String> recipientKinds() {
        return Set.of(DeliveryPlanner.KIND_JOBCENTER);
    }

    @Override
    public TaskText taskText(Delivery d) {
        return TaskText.toOrganisation(d, new Coding(Canonical.CS_DOCUMENT_TYPES, Canonical.DOC_TYPE_FUNCTIONAL_CAPACITY,
                "Funktionsevnevurdering"), "Send funktionsevnevurdering",
                TaskText.named("Send the functional-capacity assessment to the Jobcenter", d), "DocumentReference", "Jobcenter");
    }
}
