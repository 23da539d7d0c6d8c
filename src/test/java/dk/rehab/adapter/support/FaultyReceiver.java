package dk.rehab.adapter.support;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.MessageHeader;

/**
 * A receiving FHIR server in a faulty world, standing in for a GP system, a hospital system or a hospital's
 * acknowledgement endpoint. It takes {@code POST /fhir/DocumentReference} (conditional create, {@code If-None-Exist:
 * [base/DocumentReference?]identifier=system|value} naming the document's master identifier, as a FHIR server does it) and {@code POST
 * /fhir/$process-message} (a message Bundle, deduplicated by {@code Bundle.id}, as MedCom receivers do), and of the
 * requests that reach it:
 * <ul>
 *   <li>{@code fail} (e.g. 50 %) are answered 500 or 503 and not stored;</li>
 *   <li>{@code timeout} (10 %) are stored and answered only after {@code slowMillis} — longer than the sender waits;
 *       half of them wait before storing, half after;</li>
 *   <li>{@code cut} (5 %) are stored, then the connection is closed in the middle of the answer;</li>
 *   <li>the rest are stored and answered 201 (200 when the identifier was already there).</li>
 * </ul>
 * It counts every arrival and keeps, per identifier, how many requests carried it, how many were answered with a whole
 * 2xx, and whether every copy had the same content. A request without a usable identifier is answered 400 and counted
 * as malformed.
 */
public final class FaultyReceiver implements AutoCloseable {
    /** One identifier as the receiver saw it. */
    public static final class Entry {
        public final String contentHash;
        public int arrivals;
        public int cleanAnswers;
        public int differentContent;
        /** Arrivals after a whole 2xx answer had already been given for this identifier. */
        public int afterCleanAnswer;
        long cleanAt;

        Entry(String contentHash) {
            this.contentHash = contentHash;
        }
    }

    private final FhirContext fhir;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Random random;
    private final double fail;
    private final double timeout;
    private final double cut;
    private final long slowMillis;
    private final Map<String, Entry> accepted = new HashMap<>();
    public final AtomicInteger arrivals = new AtomicInteger();
    public final AtomicInteger failed = new AtomicInteger();
    public final AtomicInteger timedOut = new AtomicInteger();
    public final AtomicInteger cutOff = new AtomicInteger();
    public final AtomicInteger answered = new AtomicInteger();
    public final AtomicInteger malformed = new AtomicInteger();

    public FaultyReceiver(FhirContext fhir, long seed, double fail, double timeout, double cut, long slowMillis) {
        this.fhir = fhir;
        this.random = new Random(seed);
        this.fail = fail;
        this.timeout = timeout;
        this.cut = cut;
        this.slowMillis = slowMillis;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(threads);
        server.createContext("/fhir/DocumentReference", this::document);
        server.createContext("/fhir/$process-message", this::message);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    /** The identifiers accepted (stored), each once, with what the receiver saw of it. */
    public synchronized Map<String, Entry> accepted() {
        return Map.copyOf(accepted);
    }

    public synchronized Set<String> identifiers() {
        return Set.copyOf(accepted.keySet());
    }

    private void document(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        arrivals.incrementAndGet();
        String condition = exchange.getRequestHeaders().getFirst("If-None-Exist");
        String key = null;
        try {
            DocumentReference doc = parser(exchange).parseResource(DocumentReference.class, new String(body, StandardCharsets.UTF_8));
            String wanted = condition == null ? null : URLDecoder.decode(condition, StandardCharsets.UTF_8);
            if (wanted != null && wanted.contains("?")) {
                wanted = wanted.substring(wanted.indexOf('?') + 1); // HAPI's client sends [base/]DocumentReference?identifier=...
            }
            String own = "identifier=" + doc.getMasterIdentifier().getSystem() + "|" + doc.getMasterIdentifier().getValue();
            if (own.equals(wanted) && doc.getMasterIdentifier().hasValue()) {
                key = doc.getMasterIdentifier().getSystem() + "|" + doc.getMasterIdentifier().getValue();
            } else {
                System.err.println("FaultyReceiver: If-None-Exist " + condition + " does not name " + own);
            }
        } catch (RuntimeException e) {
            System.err.println("FaultyReceiver: unreadable DocumentReference: " + e);
            key = null;
        }
        handle(exchange, key, body, "DocumentReference/");
    }

    private void message(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        arrivals.incrementAndGet();
        String key = null;
        try {
            Bundle bundle = parser(exchange).parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8));
            if (bundle.getType() == Bundle.BundleType.MESSAGE && bundle.hasIdElement() && bundle.getIdElement().hasIdPart()
                    && bundle.getEntryFirstRep().getResource() instanceof MessageHeader) {
                key = "Bundle/" + bundle.getIdElement().getIdPart();
            }
        } catch (RuntimeException e) {
            key = null;
        }
        handle(exchange, key, body, "Bundle/");
    }

    /** The parser for the request's Content-Type (FHIR clients send XML or JSON). */
    private ca.uhn.fhir.parser.IParser parser(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type != null && type.contains("xml") ? fhir.newXmlParser() : fhir.newJsonParser();
    }

    private void handle(HttpExchange exchange, String key, byte[] body, String type) throws IOException {
        try (exchange) {
            if (key == null) {
                malformed.incrementAndGet();
                answer(exchange, 400, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"invalid\"}]}", null);
                return;
            }
            double r;
            boolean storeFirst;
            synchronized (random) {
                r = random.nextDouble();
                storeFirst = random.nextBoolean();
            }
            if (r < fail) {
                failed.incrementAndGet();
                count(key, body, false);
                answer(exchange, r < fail / 2 ? 500 : 503, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                        + "\"code\":\"transient\"}]}", null);
                return;
            }
            String location = type + Integer.toHexString(key.hashCode());
            if (r < fail + timeout) {
                timedOut.incrementAndGet();
                if (storeFirst) {
                    boolean created = store(key, body);
                    sleep(slowMillis);
                    answerLate(exchange, created, location, key);
                } else {
                    sleep(slowMillis);
                    answerLate(exchange, store(key, body), location, key);
                }
                return;
            }
            boolean created = store(key, body);
            if (r < fail + timeout + cut) {
                cutOff.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
                exchange.getResponseHeaders().add("Location", base() + "/" + location + "/_history/1");
                exchange.sendResponseHeaders(created ? 201 : 200, 400);
                OutputStream out = exchange.getResponseBody();
                out.write("{\"resourceType\":\"OperationOutcome\",\"iss".getBytes(StandardCharsets.UTF_8));
                out.flush();
                return; // closing the exchange with 360 bytes owed ends the connection in the middle of the answer
            }
            answer(exchange, created ? 201 : 200, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"information\","
                    + "\"code\":\"informational\"}]}", location);
            clean(key);
        }
    }

    private void answerLate(HttpExchange exchange, boolean created, String location, String key) {
        try {
            answer(exchange, created ? 201 : 200, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"information\","
                    + "\"code\":\"informational\"}]}", location);
        } catch (IOException e) {
            // the sender has given up waiting: expected
        }
    }

    private void answer(HttpExchange exchange, int status, String json, String location) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
        if (location != null) {
            exchange.getResponseHeaders().add("Location", base() + "/" + location + "/_history/1");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        if (status / 100 == 2) {
            answered.incrementAndGet();
        }
    }

    /** Stores unless the identifier is there already (then only counts the copy). True when it was new. */
    private synchronized boolean store(String key, byte[] body) {
        return count(key, body, true);
    }

    private synchronized boolean count(String key, byte[] body, boolean store) {
        Entry entry = accepted.get(key);
        if (entry == null) {
            if (!store) {
                return false;
            }
            entry = new Entry(hash(body));
            accepted.put(key, entry);
            entry.arrivals++;
            return true;
        }
        entry.arrivals++;
        if (entry.cleanAnswers > 0) {
            entry.afterCleanAnswer++;
            System.err.println("FaultyReceiver: " + key + " again " + (System.currentTimeMillis() - entry.cleanAt) + " ms after a whole 2xx");
        }
        if (!entry.contentHash.equals(hash(body))) {
            entry.differentContent++;
        }
        return false;
    }

    private synchronized void clean(String key) {
        accepted.get(key).cleanAnswers++;
        accepted.get(key).cleanAt = System.currentTimeMillis();
    }

    private static String hash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
