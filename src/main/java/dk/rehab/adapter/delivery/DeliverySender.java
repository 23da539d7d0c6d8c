package dk.rehab.adapter.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.store.ResourceStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * Sends a final status to a recipient's FHIR server with the HAPI generic client, idempotently: a conditional create
 * ({@code If-None-Exist: identifier=<final-status system>|<id>}) on the document's stable master identifier, so a re-send
 * — after a timeout, a crash between sending and recording, a {@code $retry} — finds the document the receiver already
 * has instead of making a second one. What is sent is the stored DocumentReference with its two inline contents (PDF and
 * FHIR document), its references to the adapter's own resources replaced by identifiers the receiver can resolve: the
 * citizen's CPR number, the centre's SOR/EAN, the replaced document's master identifier.
 *
 * <p>The answer is awaited at most {@code adapter.delivery.timeout}, enforced here around the call: with HAPI 8.8.1's
 * Apache client the socket timeout of the client factory did not end a request to a receiver that never answered (tested
 * against a socket that accepts and stays silent). A request given up on this way may still reach the receiver later;
 * the conditional create makes that harmless.
 */
@Component
public class DeliverySender {
    private final ApacheRestfulClientFactory clients;
    private final Map<String, IGenericClient> byUrl = new ConcurrentHashMap<>();
    private final ResourceStore store;
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "delivery-call");
        t.setDaemon(true);
        return t;
    });
    private final long timeoutMillis;

    public DeliverySender(FhirContext fhir, DeliveryProperties properties, ResourceStore store) {
        this.store = store;
        this.timeoutMillis = properties.timeout().toMillis();
        this.clients = new ApacheRestfulClientFactory(fhir);
        clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
        clients.setConnectTimeout((int) properties.connectTimeout().toMillis());
        clients.setConnectionRequestTimeout((int) properties.connectTimeout().toMillis());
        clients.setSocketTimeout((int) properties.timeout().toMillis());
        clients.setPoolMaxPerRoute(20);
        clients.setPoolMaxTotal(100);
    }

    /** Sends; returns where the receiver keeps the document (its Location), or null. Throws when the receiver did not take it. */
    public String send(String endpoint, DocumentReference stored) {
        DocumentReference outbound = outbound(stored);
        IGenericClient client = byUrl.computeIfAbsent(endpoint, clients::newGenericClient);
        Future<MethodOutcome> call = calls.submit(() -> client.create().resource(outbound).conditional()
                .where(DocumentReference.IDENTIFIER.exactly().systemAndIdentifier(stored.getMasterIdentifier().getSystem(),
                        stored.getMasterIdentifier().getValue()))
                .execute());
        MethodOutcome outcome;
        try {
            outcome = call.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IllegalStateException("no answer within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return outcome.getId() == null ? null : outcome.getId().toUnqualifiedVersionless().getValue();
    }

    DocumentReference outbound(DocumentReference stored) {
        DocumentReference doc = stored.copy();
        doc.setId((String) null);
        doc.setMeta(null);
        // the document's own profile (rehab-final-status, or e.g. rehab-admission-functional-status)
        stored.getMeta().getProfile().forEach(p -> doc.getMeta().addProfile(p.getValue()));
        if (!doc.getMeta().hasProfile()) {
            doc.getMeta().addProfile(Canonical.PROFILE_FINAL_STATUS);
        }
        Patient patient = store.read(Patient.class, new IdType(stored.getSubject().getReference()).getIdPart());
        Reference subject = new Reference().setDisplay(stored.getSubject().getDisplay());
        patient.getIdentifier().stream().filter(i -> Canonical.SYSTEM_CPR.equals(i.getSystem())).findFirst()
                .ifPresent(i -> subject.setIdentifier(new Identifier().setSystem(i.getSystem()).setValue(i.getValue())));
        doc.setSubject(subject);
        doc.getAuthor().forEach(a -> a.setReference(null));
        if (stored.hasCustodian() && stored.getCustodian().hasReference()) {
            Organization centre = store.read(Organization.class, new IdType(stored.getCustodian().getReference()).getIdPart());
            Reference custodian = new Reference().setDisplay(stored.getCustodian().getDisplay());
            centre.getIdentifier().stream().filter(i -> Canonical.SYSTEM_SOR.equals(i.getSystem()) || Canonical.SYSTEM_GLN.equals(i.getSystem()))
                    .findFirst().ifPresent(i -> custodian.setIdentifier(i.copy()));
            doc.setCustodian(custodian);
        }
        doc.getRelatesTo().forEach(r -> r.getTarget().setReference(null));
        doc.getContext().getRelated().clear();
        return doc;
    }
}
