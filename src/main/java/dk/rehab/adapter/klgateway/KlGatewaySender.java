package dk.rehab.adapter.klgateway;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import dk.rehab.adapter.delivery.Delivery;
import dk.rehab.adapter.delivery.DeliveryProperties;
import dk.rehab.adapter.delivery.OutboundSender;
import dk.rehab.adapter.store.ResourceStore;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * Sends a stored KL Gateway report (a {@code klgateway-140-delivery-report} Bundle) to KL Gateway as
 * {@code PUT <endpoint>/Bundle/<report id>}: an update with the report's own id, so a re-send (after a timeout, a crash
 * between sending and recording, a {@code $retry}) replaces the same report at KL instead of adding a second one — KL's
 * profile forbids {@code Bundle.identifier}, so a conditional create has nothing to match on. The answer is awaited at
 * most {@code adapter.delivery.timeout}, as for final statuses.
 */
@Component
public class KlGatewaySender implements OutboundSender {
    public static final String KIND = "kl-gateway";

    private final ResourceStore store;
    private final KlGatewayProperties klGateway;
    private final ApacheRestfulClientFactory clients;
    private final long timeoutMillis;
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kl-gateway-call");
        t.setDaemon(true);
        return t;
    });

    public KlGatewaySender(FhirContext fhir, DeliveryProperties properties, ResourceStore store, KlGatewayProperties klGateway) {
        this.store = store;
        this.klGateway = klGateway;
        this.timeoutMillis = properties.timeout().toMillis();
        this.clients = new ApacheRestfulClientFactory(fhir);
        clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
        clients.setConnectTimeout((int) properties.connectTimeout().toMillis());
        clients.setConnectionRequestTimeout((int) properties.connectTimeout().toMillis());
        clients.setSocketTimeout((int) properties.timeout().toMillis());
    }

    @Override
    public boolean sends(String recipientKind) {
        return KIND.equals(recipientKind);
    }

    @Override
    public String send(Delivery delivery) {
        Bundle report = store.read(Bundle.class, delivery.documentId());
        Bundle outbound = report.copy();
        outbound.setId(delivery.documentId());
        outbound.getMeta().setVersionId(null).setLastUpdated(null);
        IGenericClient client = clients.newGenericClient(delivery.endpoint());
        Future<MethodOutcome> call = calls.submit(() -> client.update().resource(outbound).withId("Bundle/" + delivery.documentId()).execute());
        try {
            MethodOutcome outcome = call.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return outcome.getId() == null ? null : outcome.getId().toUnqualifiedVersionless().getValue();
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IllegalStateException("no answer within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public java.util.Optional<String> endpoint(Delivery delivery) {
        return klGateway.configured() ? java.util.Optional.of(klGateway.endpoint()) : java.util.Optional.empty();
    }

    @Override
    public TaskText taskText(Delivery delivery) {
        return new TaskText("kl-gateway-report", "Indberetning til KL Gateway (§ 140)", "Send § 140-indberetning",
                "Send the citizen's KL Gateway § 140 report to KL Gateway", "Bundle");
    }
}
