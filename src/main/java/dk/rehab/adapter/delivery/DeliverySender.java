package dk.rehab.adapter.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import dk.rehab.adapter.fhir.Canonical;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import dk.rehab.adapter.store.ResourceStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Communication;
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
 *
 * <p>Every call goes through {@link #call}, which adds the receiver's bearer token when the endpoint directory has a
 * {@code token-url} for it (see {@link OutboundTokens}); the {@link OutboundSender}s use it: {@link DocumentSender} and
 * {@link DigitalPostSender} through the two {@code send} methods here, the KL Gateway sender through {@code call}.
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
    private final OutboundTokens tokens;
    /** The bearer token of the call running on this (call) thread, for the client interceptor. */
    private static final ThreadLocal<String> BEARER = new ThreadLocal<>();

    public DeliverySender(FhirContext fhir, DeliveryProperties properties, ResourceStore store, OutboundTokens tokens) {
        this.store = store;
        this.tokens = tokens;
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
        MethodOutcome outcome = call(endpoint, client -> client.create().resource(outbound).conditional()
                .where(DocumentReference.IDENTIFIER.exactly().systemAndIdentifier(stored.getMasterIdentifier().getSystem(),
                        stored.getMasterIdentifier().getValue()))
                .execute());
        return outcome.getId() == null ? null : outcome.getId().toUnqualifiedVersionless().getValue();
    }

    /**
     * Sends a Communication to the citizen's digital post ({@link CitizenCommunications#outbound}), as a conditional
     * create on its identifier ({@code http://rehab-adapter.dk/fhir/communication|<id>}): a re-send finds the one the
     * receiver already has.
     */
    public String send(String endpoint, Communication stored) {
        Communication outbound = CitizenCommunications.outbound(stored, store);
        MethodOutcome outcome = call(endpoint, client -> client.create().resource(outbound).conditional()
                .where(Communication.IDENTIFIER.exactly().systemAndIdentifier(Canonical.SYSTEM_COMMUNICATION,
                        stored.getIdElement().getIdPart()))
                .execute());
        return outcome.getId() == null ? null : outcome.getId().toUnqualifiedVersionless().getValue();
    }

    /**
     * Runs {@code request} against the FHIR server at {@code endpoint}, awaited at most {@code adapter.delivery.timeout}: the
     * shared path of every outbound FHIR call. When the endpoint directory says the receiver wants a token
     * ({@code token-url}), each request carries {@code Authorization: Bearer} with the cached token ({@link OutboundTokens});
     * a 401 answer drops it, and the request is sent once more with a fresh one. Throws
     * {@link OutboundTokens.OutboundAuthFailure} when no token can be had or a fresh one is refused too.
     */
    public <T> T call(String endpoint, Function<IGenericClient, T> request) {
        IGenericClient client = byUrl.computeIfAbsent(endpoint, this::newClient);
        String token = tokens.token(endpoint).orElse(null);
        try {
            return within(client, token, request);
        } catch (AuthenticationException refused) {
            if (token == null) {
                throw refused;
            }
            tokens.invalidate(endpoint, token);
            String fresh = tokens.token(endpoint).orElseThrow();
            try {
                return within(client, fresh, request);
            } catch (AuthenticationException again) {
                throw new OutboundTokens.OutboundAuthFailure("HTTP 401 from " + endpoint + " also with a fresh access token: the receiver does not"
                        + " accept this client's tokens (client id, scope or the receiver's registration)");
            }
        }
    }

    private IGenericClient newClient(String endpoint) {
        IGenericClient client = clients.newGenericClient(endpoint);
        client.registerInterceptor(new IClientInterceptor() {
            @Override
            public void interceptRequest(IHttpRequest request) {
                String token = BEARER.get();
                if (token != null) {
                    request.addHeader("Authorization", "Bearer " + token);
                }
            }

            @Override
            public void interceptResponse(IHttpResponse response) {
                // nothing
            }
        });
        return client;
    }

    private <T> T within(IGenericClient client, String token, Function<IGenericClient, T> request) {
        Future<T> call = calls.submit(() -> {
            BEARER.set(token);
            try {
                return request.apply(client);
            } finally {
                BEARER.remove();
            }
        });
        try {
            return call.get(timeoutMillis, TimeUnit.MILLISECONDS);
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
