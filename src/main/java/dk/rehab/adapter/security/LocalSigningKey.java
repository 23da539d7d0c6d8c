package dk.rehab.adapter.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

/**
 * The adapter's own signing key, used only while no identity provider is configured: an EC P-256 key (ES256) kept
 * as a private JWK in a file readable by its owner only, created at first start. The server checks tokens with its
 * public half; the {@code token} command ({@link TokenCommand}) signs with it. Two processes creating it at once end
 * with the same key: the file appears complete or not at all (written aside, then linked into place).
 */
public final class LocalSigningKey {
    public static final String DEFAULT_PATH = "./data/local-signing-key.json";
    /** The issuer of locally signed tokens. */
    public static final String ISSUER = "urn:rehab-fhir-adapter:local-key";
    public static final String DEFAULT_AUDIENCE = "rehab-fhir-adapter";
    /** Declared as the token endpoint in local-key mode: tokens come from the {@code token} command, not over HTTP. */
    public static final String LOCAL_TOKEN_ENDPOINT = "urn:rehab-fhir-adapter:local-key:token-command";

    private LocalSigningKey() {
    }

    /** The key at {@code file}, created first if there is none. */
    public static ECKey loadOrCreate(Path file) {
        if (Files.isRegularFile(file)) {
            return load(file);
        }
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID(UUID.randomUUID().toString()).generate();
            Path aside = folder.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.writeString(aside, key.toJSONString(), StandardCharsets.UTF_8);
            restrict(aside);
            try {
                Files.createLink(file, aside); // fails if another process got there first: then its key is the key
            } catch (FileAlreadyExistsException taken) {
                // keep the existing key
            } catch (UnsupportedOperationException | IOException noLinks) {
                if (!Files.exists(file)) {
                    Files.move(aside, file);
                }
            } finally {
                Files.deleteIfExists(aside);
            }
            return load(file);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot create a local signing key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local signing key " + file, e);
        }
    }

    /** The key at {@code file}; fails if it is missing or not an EC private key. */
    public static ECKey load(Path file) {
        try {
            ECKey key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!key.isPrivate()) {
                throw new IllegalStateException("the local signing key " + file + " holds no private key");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local signing key " + file
                    + " (run from the folder the server runs in, or give --local-key)", e);
        } catch (ParseException e) {
            throw new IllegalStateException("the local signing key " + file + " is not an EC JWK", e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the folder's own protection applies
        }
    }
}
