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
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;

/**
 * A small FHIR server standing in for a GP system or a hospital system: a HAPI plain {@link RestfulServer} in an
 * embedded Tomcat, keeping received DocumentReferences in memory. Supports conditional create (If-None-Exist on
 * identifier) the way a FHIR server does, and can be told to fail: answer 500 the next n times, answer slowly (after
 * storing) the next n times, or be down (stopped; started again on the same port). It also stands in for KL Gateway:
 * it takes Bundles by {@code PUT Bundle/{id}} and can refuse a citizen's report with 422 and an OperationOutcome.
 */
public final class FhirReceiver implements AutoCloseable {
    private final FhirContext fhir;
    private final Map<String, DocumentReference> documents = new ConcurrentHashMap<>();
    private final Map<String, org.hl7.fhir.r4.model.Bundle> bundles = new ConcurrentHashMap<>();
    private final AtomicInteger bundlePuts = new AtomicInteger();
    private final java.util.Set<String> refusedCitizens = ConcurrentHashMap.newKeySet();
    private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger slowNext = new AtomicInteger();
    private volatile long slowMillis;
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

    /** How many create requests arrived (including re-sends that matched). */
    public int creates() {
        return requests.size();
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
            server.setResourceProviders(List.of(new Documents(), new Bundles()));
            Tomcat.addServlet(context, "fhir", server).setLoadOnStartup(1);
            context.addServletMappingDecoded("/fhir/*", "fhir");
            t.start();
            tomcat = t;
            port = t.getConnector().getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test receiver", e);
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
}
