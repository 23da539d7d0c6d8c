package dk.rehab.adapter.klgateway;

import ca.uhn.fhir.rest.api.MethodOutcome;
import dk.rehab.adapter.delivery.Delivery;
import dk.rehab.adapter.delivery.DeliverySender;
import dk.rehab.adapter.delivery.OutboundSender;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.store.ResourceStore;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.stereotype.Component;

/**
 * Sends a stored KL Gateway report (a {@code klgateway-140-delivery-report} Bundle) to KL Gateway as
 * {@code PUT <endpoint>/Bundle/<report id>}: an update with the report's own id, so a re-send (after a timeout, a crash
 * between sending and recording, a {@code $retry}) replaces the same report at KL instead of adding a second one — KL's
 * profile forbids {@code Bundle.identifier}, so a conditional create has nothing to match on. The answer is awaited at
 * most {@code adapter.delivery.timeout} and carries KL's bearer token when the endpoint directory names a token endpoint
 * for it: it goes through {@link DeliverySender#call}, the shared path of every outbound FHIR call.
 */
@Component
public class KlGatewaySender implements OutboundSender {
    public static final String KIND = "kl-gateway";

    private final ResourceStore store;
    private final KlGatewayProperties klGateway;
    private final DeliverySender sender;

    public KlGatewaySender(ResourceStore store, KlGatewayProperties klGateway, DeliverySender sender) {
        this.store = store;
        this.klGateway = klGateway;
        this.sender = sender;
    }

    @Override
    public Set<String> recipientKinds() {
        return Set.of(KIND);
    }

    @Override
    public String send(Delivery delivery) {
        Bundle report = store.read(Bundle.class, delivery.documentId());
        Bundle outbound = report.copy();
        outbound.setId(delivery.documentId());
        outbound.getMeta().setVersionId(null).setLastUpdated(null);
        MethodOutcome outcome = sender.call(delivery.endpoint(),
                client -> client.update().resource(outbound).withId("Bundle/" + delivery.documentId()).execute());
        return outcome.getId() == null ? null : outcome.getId().toUnqualifiedVersionless().getValue();
    }

    @Override
    public String endpoint(Delivery delivery) {
        if (!klGateway.configured()) {
            throw new AdapterException(ErrorCode.DELIVERY_NOT_RETRYABLE, "no endpoint is configured for " + delivery.recipientName()
                    + " (for KL Gateway: adapter.kl-gateway.endpoint)", "Task.restriction.recipient");
        }
        return klGateway.endpoint();
    }

    @Override
    public TaskText taskText(Delivery delivery) {
        return TaskText.toOrganisation(delivery, new Coding(Canonical.CS_DOCUMENT_TYPES, "kl-gateway-report",
                "Indberetning til KL Gateway (§ 140)"), "Send § 140-indberetning",
                "Send the citizen's KL Gateway § 140 report to KL Gateway", "Bundle", "KL Gateway");
    }
}
