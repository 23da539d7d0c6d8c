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
 * A small FHIR server standing in for a GP system or a hospital system: a HAPI plain {@link RestfulServer} in an
 * embedded Tomcat, keeping received DocumentReferences (and, standing in for digital post, Communications) in memory. Supports conditional create (If-None-Exist on
 * identifier) the way a FHIR server does, and can be told to fail: answer 500 the next n times, answer slowly (after
 * storing) the next n times, or be down (stopped; started again on the same port).
 */
public final class FhirReceiver implements AutoCloseable {
    private final FhirContext fhir;
    private final Map<String, DocumentReference> documents = new ConcurrentHashMap<>();
    private final Map<String, Communication> communications = new ConcurrentHashMap<>();
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

    /** Every Communication received (digital post: contact letters, reminders), however many requests it took. */
    public List<Communication> communications() {
        return List.copyOf(communications.values());
    }

    /** How many create requests arrived (including re-sends that matched). */
    public int creates() {
        return requests.size();
    }

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
            server.setResourceProviders(List.of(new Documents(), new Communications()));
            Tomcat.addServlet(context, "fhir", server).setLoadOnStartup(1);
            context.addServletMappingDecoded("/fhir/*", "fhir");
            t.start();
            tomcat = t;
            port = t.getConnector().getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test receiver", e);
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
