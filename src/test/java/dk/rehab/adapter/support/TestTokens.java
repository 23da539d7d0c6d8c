package dk.rehab.adapter.support;

import com.nimbusds.jose.jwk.ECKey;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.security.LocalSigningKey;
import dk.rehab.adapter.security.LocalTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens for tests, signed with the local key the test servers use: {@code adapter.security.local-key}, which the
 * build sets for every test JVM to a file under target/ (the server's default otherwise). The key is created by
 * whichever comes first, server or test.
 */
public final class TestTokens {
    private static final Map<String, String> MINTED = new ConcurrentHashMap<>();

    private TestTokens() {
    }

    /** The local key file of the test servers. */
    public static Path keyFile() {
        return Path.of(System.getProperty("adapter.security.local-key", LocalSigningKey.DEFAULT_PATH));
    }

    public static ECKey key() {
        return LocalSigningKey.loadOrCreate(keyFile());
    }

    /** A municipality token: what the tests send unless they say otherwise. */
    public static String municipality() {
        return of(ClientKind.MUNICIPALITY, null);
    }

    /** A token of {@code kind} for organisation {@code id} (null for none), with the kind's default scopes. */
    public static String of(ClientKind kind, String id) {
        return MINTED.computeIfAbsent(kind + "|" + id, k -> LocalTokens.mint(key(), LocalSigningKey.DEFAULT_AUDIENCE, kind, id, Duration.ofHours(12)));
    }
}
