package dk.rehab.adapter.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OAuth 2.0 authorisation server standing in for a receiver's (JDK HttpServer, {@code POST /token}): client
 * credentials with {@code private_key_jwt} as SMART Backend Services has it. It checks each request the way a real one
 * does — grant type, assertion type, the assertion's signature against the registered client's public key (RS384 or
 * ES384 only), {@code iss = sub =} client id, {@code aud} = its own token URL, {@code exp} in the future and at most five
 * minutes ahead, a {@code jti} never seen before — and answers {@code invalid_client} / {@code invalid_grant} (400/401)
 * with the reason, recording every such violation. It issues opaque tokens that {@link #valid} checks for the receivers.
 * It can be told to refuse every request, to revoke all tokens, or be stopped and restarted on the same port.
 */
public final class TokenServer implements AutoCloseable {
    private final Map<String, JWK> clients = new ConcurrentHashMap<>();
    private final Set<String> jtis = ConcurrentHashMap.newKeySet();
    private final Map<String, String> issued = new ConcurrentHashMap<>(); // token -> client id
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> grants = new ConcurrentHashMap<>();
    private final Map<String, String> scopes = new ConcurrentHashMap<>();
    private final Set<String> everIssued = ConcurrentHashMap.newKeySet();
    public final AtomicInteger requests = new AtomicInteger();
    private volatile String refusing;
    private volatile long expiresIn = 300;
    private volatile java.util.function.Function<String, String> minter;
    private HttpServer server;
    private int port;

    public TokenServer() {
        start(0);
    }

    /**
     * Issues access tokens made by {@code minter} (from the client id) instead of random ones: e.g. a JWT another test
     * adapter accepts, so one adapter's outbound call reaches another one with a token it validates.
     */
    public TokenServer issuing(java.util.function.Function<String, String> minter) {
        this.minter = minter;
        return this;
    }

    /** Registers a client with its public key. */
    public TokenServer register(String clientId, JWK publicKey) {
        clients.put(clientId, publicKey.toPublicJWK());
        return this;
    }

    public String tokenUrl() {
        return "http://localhost:" + port + "/token";
    }

    /** Whether {@code token} was issued here to {@code clientId} and not revoked. */
    public boolean valid(String token, String clientId) {
        return token != null && clientId.equals(issued.get(token));
    }

    /** Every token issued here, revoked or not. */
    public Set<String> everIssued() {
        return Set.copyOf(everIssued);
    }

    /** Tokens issued to {@code clientId} so far. */
    public int granted(String clientId) {
        return grants.computeIfAbsent(clientId, k -> new AtomicInteger()).get();
    }

    /** The scope {@code clientId} asked for last ("" for none). */
    public String scope(String clientId) {
        return scopes.get(clientId);
    }

    /** What a correct client would never have sent. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public void revokeAll() {
        issued.clear();
    }

    /** Answers every request {@code 401 invalid_client} with this description (null: stop refusing). */
    public void refuse(String description) {
        refusing = description;
    }

    public void expiresIn(long seconds) {
        expiresIn = seconds;
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public synchronized void restart() {
        if (server == null) {
            start(port);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void start(int wanted) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("localhost", wanted), 0);
            s.createContext("/token", this::handle);
            s.start();
            server = s;
            port = s.getAddress().getPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the token server", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try {
            if (!"POST".equals(exchange.getRequestMethod())
                    || !String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).startsWith("application/x-www-form-urlencoded")) {
                answer(exchange, 400, error("invalid_request", "POST a form"));
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String problem = check(form);
            if (problem != null) {
                violations.add(problem);
                answer(exchange, problem.startsWith("invalid_client") ? 401 : 400,
                        error(problem.substring(0, problem.indexOf(':')), problem.substring(problem.indexOf(':') + 2)));
                return;
            }
            if (refusing != null) {
                answer(exchange, 401, error("invalid_client", refusing));
                return;
            }
            String clientId = SignedJWT.parse(form.get("client_assertion")).getJWTClaimsSet().getIssuer();
            String token = minter != null ? minter.apply(clientId) : UUID.randomUUID().toString();
            issued.put(token, clientId);
            everIssued.add(token);
            grants.computeIfAbsent(clientId, k -> new AtomicInteger()).incrementAndGet();
            scopes.put(clientId, form.getOrDefault("scope", ""));
            answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn
                    + ",\"scope\":\"" + form.getOrDefault("scope", "") + "\"}");
        } catch (Exception e) {
            violations.add("unreadable request: " + e);
            answer(exchange, 400, error("invalid_request", "unreadable"));
        }
    }

    /** Null when the request is what SMART Backend Services asks for; else "error: reason". */
    private String check(Map<String, String> form) throws Exception {
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return "unsupported_grant_type: grant_type must be client_credentials";
        }
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
            return "invalid_client: client_assertion_type must be jwt-bearer";
        }
        SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        JWK key = clients.get(String.valueOf(claims.getIssuer()));
        if (key == null) {
            return "invalid_client: unknown client " + claims.getIssuer();
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        JWSVerifier verifier;
        if (JWSAlgorithm.RS384.equals(alg) && key instanceof RSAKey rsa) {
            verifier = new RSASSAVerifier(rsa);
        } else if (JWSAlgorithm.ES384.equals(alg) && key instanceof ECKey ec) {
            verifier = new ECDSAVerifier(ec);
        } else {
            return "invalid_client: alg " + alg + " does not fit the registered key (RS384 or ES384)";
        }
        if (!jwt.verify(verifier)) {
            return "invalid_client: bad signature";
        }
        if (jwt.getHeader().getKeyID() == null || key.getKeyID() != null && !key.getKeyID().equals(jwt.getHeader().getKeyID())) {
            return "invalid_client: kid " + jwt.getHeader().getKeyID() + " is not the registered key's";
        }
        if (!claims.getIssuer().equals(claims.getSubject())) {
            return "invalid_client: sub must equal iss";
        }
        if (claims.getAudience() == null || !claims.getAudience().equals(List.of(tokenUrl()))) {
            return "invalid_client: aud must be " + tokenUrl() + ", was " + claims.getAudience();
        }
        Instant now = Instant.now();
        if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)
                || claims.getExpirationTime().toInstant().isAfter(now.plusSeconds(300 + 5))) {
            return "invalid_client: exp must be in the future and at most 5 minutes ahead";
        }
        if (claims.getJWTID() == null || !jtis.add(claims.getJWTID())) {
            return "invalid_grant: jti missing or already used";
        }
        return null;
    }

    private static String error(String error, String description) {
        return "{\"error\":\"" + error + "\",\"error_description\":\"" + description.replace("\"", "'") + "\"}";
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
