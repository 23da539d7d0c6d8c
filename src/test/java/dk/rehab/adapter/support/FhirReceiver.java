package dk.rehab.adapter.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;

/**
 * A small FHIR server standing in for a GP system or a hospital system (and, for transferred plans, a private provider's
 * or another municipality's system): a HAPI plain {@link RestfulServer} in an embedded Tomcat, keeping received
 * DocumentReferences and messages ({@code $process-message}, deduplicated by MessageHeader.id as a MedCom receiver does,
 * answered with an acknowledgement) and, standing in for digital post, Communications in memory. Supports conditional create (If-None-Exist on
 * identifier) the way a FHIR server does, and can be told to fail: answer 500 the next n times, answer slowly (after
 * storing) the next n times, or be down (stopped; started again on the same port); and can require a bearer token
 * ({@link #requireToken}), answering 401 without a valid one. It also stands in for KL Gateway:
 * it takes Bundles by {@code PUT Bundle/{id}} and can refuse a citizen's report with 422 and an OperationOutcome.
 */
public final class FhirReceiver implements AutoCloseable {
    private final FhirContext fhir;
    private final Map<String, DocumentReference> documents = new ConcurrentHashMap<>();
    private final Map<String, org.hl7.fhir.r4.model.Bundle> messages = new ConcurrentHashMap<>();
    private final AtomicInteger messageRequests = new AtomicInteger();
    private final Map<String, Communication> communications = new ConcurrentHashMap<>();
    private final Map<String, org.hl7.fhir.r4.model.Bundle> bundles = new ConcurrentHashMap<>();
    private final AtomicInteger bundlePuts = new AtomicInteger();
    private final java.util.Set<String> refusedCitizens = ConcurrentHashMap.newKeySet();
    private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger slowNext = new AtomicInteger();
    private volatile long slowMillis;
    private volatile java.util.function.Predicate<String> tokenCheck;
    private final List<String> authorizations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger unauthorised = new AtomicInteger();
    private Tomcat tomcat;
    private int port;

    public FhirReceiver(FhirContext fhir) {
        this.fhir = fhir;
        start(0);
    }

    public String base() {
        return "http://localhost:" + port + "/fhir";
    }

    /** Every DocumentReference received, however many requests it took. */
    public List<DocumentReference> documents() {
        return List.copyOf(documents.values());
    }

    /** Every message received ($process-message), once per MessageHeader.id however often it was sent. */
    public List<org.hl7.fhir.r4.model.Bundle> messages() {
        return List.copyOf(messages.values());
    }

    /** How many $process-message requests arrived (including re-sends and failed ones). */
    public int messageRequests() {
        return messageRequests.get();
    }

    /** Every Communication received (digital post: contact letters, reminders), however many requests it took. */
    public List<Communication> communications() {
        return List.copyOf(communications.values());
    }

    /** How many create requests arrived (including re-sends that matched). */
    public int creates() {
        return requests.size();
    }

    /**
     * From now on every request needs {@code Authorization: Bearer <token>} with a token {@code check} accepts (null:
     * none needed); one without is answered 401 with {@code WWW-Authenticate: Bearer error="invalid_token"} and not handled.
     */
    public void requireToken(java.util.function.Predicate<String> check) {
        tokenCheck = check;
    }

    /** The Authorization header of every request ("" when it had none), in order. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** How many requests were answered 401 for want of a valid token. */
    public int unauthorised() {
        return unauthorised.get();
    }

    /** Every Bundle received (PUT Bundle/{id}), by id: the latest version of each. */
    public Map<String, org.hl7.fhir.r4.model.Bundle> bundles() {
        return Map.copyOf(bundles);
    }

    /** How many Bundle updates arrived (including re-sends of the same id). */
    public int bundlePuts() {
        return bundlePuts.get();
    }

    /**
     * Refuses every Bundle about the citizen with CPR {@code cpr} (a Patient entry with that identifier) as KL Gateway
     * refuses a report: HTTP 422 with an OperationOutcome (error, business-rule, the text {@link #REFUSAL_TEXT}).
     */
    public void refuseCitizen(String cpr) {
        refusedCitizens.add(cpr);
    }

    /** Takes the citizen's reports again. */
    public void acceptCitizen(String cpr) {
        refusedCitizens.remove(cpr);
    }

    public static final String REFUSAL_TEXT = "KL Gateway: indberetningen afvist (testmodtager)";

    public void failNext(int times) {
        failNext.set(times);
    }

    /** The next {@code times} creates store the document, then answer only after {@code millis}. */
    public void slowNext(int times, long millis) {
        slowMillis = millis;
        slowNext.set(times);
    }

    public synchronized void stop() {
        if (tomcat != null) {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                throw new IllegalStateException(e);
            }
            tomcat = null;
        }
    }

    /** Starts again on the same port (when stopped). */
    public synchronized void restart() {
        if (tomcat != null) {
            return;
        }
        start(port);
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void start(int wantedPort) {
        try {
            Tomcat t = new Tomcat();
            File base = Files.createTempDirectory("receiver").toFile();
            t.setBaseDir(base.getAbsolutePath());
            t.setPort(wantedPort);
            t.getConnector();
            Context context = t.addContext("", base.getAbsolutePath());
            RestfulServer server = new RestfulServer(fhir);
            server.setResourceProviders(List.of(new Documents(), new Communications(), new Bundles()));
            server.registerInterceptor(new TokenGate());
            server.registerProvider(new Messages());
            Tomcat.addServlet(context, "fhir", server).setLoadOnStartup(1);
            context.addServletMappingDecoded("/fhir/*", "fhir");
            t.start();
            tomcat = t;
            port = t.getConnector().getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test receiver", e);
        }
    }

    /** Checks the bearer token before any handler runs, when {@link #requireToken} asked for one. */
    @ca.uhn.fhir.interceptor.api.Interceptor
    public class TokenGate {
        @ca.uhn.fhir.interceptor.api.Hook(ca.uhn.fhir.interceptor.api.Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
        public boolean check(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
                throws java.io.IOException {
            String authorization = request.getHeader("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            java.util.function.Predicate<String> check = tokenCheck;
            if (check == null) {
                return true;
            }
            String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
            if (token != null && check.test(token)) {
                return true;
            }
            unauthorised.incrementAndGet();
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            response.setContentType("application/fhir+json");
            response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"login\"}]}");
            return false;
        }
    }

    /** The receiver's Bundle endpoint, as KL Gateway's: {@code PUT Bundle/{id}} stores (or replaces) the report. */
    public class Bundles implements IResourceProvider {
        @Override
        public Class<org.hl7.fhir.r4.model.Bundle> getResourceType() {
            return org.hl7.fhir.r4.model.Bundle.class;
        }

        @ca.uhn.fhir.rest.annotation.Update
        public MethodOutcome update(@IdParam IdType id, @ResourceParam org.hl7.fhir.r4.model.Bundle bundle) {
            bundlePuts.incrementAndGet();
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new InternalErrorException("the receiver is having a bad day");
            }
            boolean refused = bundle.getEntry().stream().map(org.hl7.fhir.r4.model.Bundle.BundleEntryComponent::getResource)
                    .filter(r -> r instanceof org.hl7.fhir.r4.model.Patient)
                    .flatMap(r -> ((org.hl7.fhir.r4.model.Patient) r).getIdentifier().stream())
                    .anyMatch(i -> refusedCitizens.contains(i.getValue()));
            if (refused) {
                org.hl7.fhir.r4.model.OperationOutcome oo = new org.hl7.fhir.r4.model.OperationOutcome();
                oo.addIssue().setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
                        .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.BUSINESSRULE).setDiagnostics(REFUSAL_TEXT)
                        .addExpression("Bundle.entry[0].resource");
                throw new ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException(fhir, oo);
            }
            boolean created = bundles.put(id.getIdPart(), bundle) == null;
            MethodOutcome outcome = new MethodOutcome(new IdType("Bundle", id.getIdPart(), "1"));
            outcome.setCreated(created);
            return outcome;
        }

        @Read
        public org.hl7.fhir.r4.model.Bundle read(@IdParam IdType id) {
            org.hl7.fhir.r4.model.Bundle b = bundles.get(id.getIdPart());
            if (b == null) {
                throw new ResourceNotFoundException(id);
            }
            return b;
        }
    }

    /** The receiver's DocumentReference endpoint. */
    public class Documents implements IResourceProvider {
        @Override
        public Class<DocumentReference> getResourceType() {
            return DocumentReference.class;
        }

        @Create
        public MethodOutcome create(@ResourceParam DocumentReference doc, @ConditionalUrlParam String conditional) {
            requests.add(conditional == null ? "" : conditional);
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new InternalErrorException("the receiver is having a bad day");
            }
            MethodOutcome outcome;
            synchronized (documents) {
                String decoded = conditional == null ? null : java.net.URLDecoder.decode(conditional, java.nio.charset.StandardCharsets.UTF_8);
                String value = decoded == null ? null : decoded.substring(decoded.indexOf('|') + 1);
                DocumentReference existing = documents.values().stream()
                        .filter(d -> d.getMasterIdentifier().getValue().equals(value)).findFirst().orElse(null);
                if (existing != null) {
                    outcome = new MethodOutcome(existing.getIdElement());
                    outcome.setCreated(false);
                } else {
                    String id = String.valueOf(documents.size() + 1);
                    doc.setId(new IdType("DocumentReference", id, "1"));
                    documents.put(id, doc);
                    outcome = new MethodOutcome(doc.getIdElement());
                    outcome.setCreated(true);
                }
            }
            if (slowNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return outcome;
        }

        @Read
        public DocumentReference read(@IdParam IdType id) {
            DocumentReference doc = documents.get(id.getIdPart());
            if (doc == null) {
                throw new ResourceNotFoundException(id);
            }
            return doc;
        }
    }

    /** The receiver's {@code $process-message}: keeps each message once (by MessageHeader.id) and acknowledges it. */
    public class Messages {
        @ca.uhn.fhir.rest.annotation.Operation(name = "$process-message", idempotent = false, manualRequest = true, manualResponse = true,
                returnParameters = {})
        public void process(ca.uhn.fhir.rest.api.server.RequestDetails request, jakarta.servlet.http.HttpServletResponse response)
                throws java.io.IOException {
            messageRequests.incrementAndGet();
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new InternalErrorException("the receiver is having a bad day");
            }
            org.hl7.fhir.r4.model.Bundle message = fhir.newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class,
                    new String(request.loadRequestContents(), java.nio.charset.StandardCharsets.UTF_8));
            org.hl7.fhir.r4.model.MessageHeader header = (org.hl7.fhir.r4.model.MessageHeader) message.getEntryFirstRep().getResource();
            messages.putIfAbsent(header.getIdElement().getIdPart(), message);
            org.hl7.fhir.r4.model.Bundle ack = new org.hl7.fhir.r4.model.Bundle().setType(org.hl7.fhir.r4.model.Bundle.BundleType.MESSAGE);
            ack.setId("ack-" + header.getIdElement().getIdPart());
            org.hl7.fhir.r4.model.MessageHeader answer = new org.hl7.fhir.r4.model.MessageHeader();
            answer.setId("ack-" + header.getIdElement().getIdPart());
            answer.setEvent(new org.hl7.fhir.r4.model.Coding("http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes",
                    "acknowledgement-message", null));
            answer.getResponse().setIdentifier(header.getIdElement().getIdPart()).setCode(org.hl7.fhir.r4.model.MessageHeader.ResponseType.OK);
            ack.addEntry().setResource(answer);
            response.setStatus(200);
            response.setContentType("application/fhir+json;charset=UTF-8");
            response.getWriter().write(fhir.newJsonParser().encodeResourceToString(ack));
        }
    }

    /** The receiver's Communication endpoint (digital post): conditional create on identifier, as for documents. */
    public class Communications implements IResourceProvider {
        @Override
        public Class<Communication> getResourceType() {
            return Communication.class;
        }

        @Create
        public MethodOutcome create(@ResourceParam Communication communication, @ConditionalUrlParam String conditional) {
            requests.add(conditional == null ? "" : conditional);
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new InternalErrorException("the receiver is having a bad day");
            }
            MethodOutcome outcome;
            synchronized (communications) {
                String decoded = conditional == null ? null : java.net.URLDecoder.decode(conditional, java.nio.charset.StandardCharsets.UTF_8);
                String value = decoded == null ? null : decoded.substring(decoded.indexOf('|') + 1);
                Communication existing = communications.values().stream()
                        .filter(c -> c.getIdentifier().stream().anyMatch(i -> i.getValue().equals(value))).findFirst().orElse(null);
                if (existing != null) {
                    outcome = new MethodOutcome(existing.getIdElement());
                    outcome.setCreated(false);
                } else {
                    String id = String.valueOf(communications.size() + 1);
                    communication.setId(new IdType("Communication", id, "1"));
                    communications.put(id, communication);
                    outcome = new MethodOutcome(communication.getIdElement());
                    outcome.setCreated(true);
                }
            }
            return outcome;
        }

        @Read
        public Communication read(@IdParam IdType id) {
            Communication c = communications.get(id.getIdPart());
            if (c == null) {
                throw new ResourceNotFoundException(id);
            }
            return c;
        }
    }
}
