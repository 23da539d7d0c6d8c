package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dk.rehab.adapter.RehabAdapterApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code java -jar … token --kind …}: one signed token on standard output and nothing else, no server started. */
class TokenCommandTest {
    private final Path key = Path.of("target", "security", "command-" + UUID.randomUUID() + ".json");

    @Test
    void printsOneTokenSignedWithTheLocalKeyAndNothingElse() throws Exception {
        LocalSigningKey.loadOrCreate(key);
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            RehabAdapterApplication.main(new String[] {"token", "--kind", "hospital", "--id", "265161000016000", "--local-key", key.toString()});
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\n");
        SignedJWT jwt = SignedJWT.parse(printed.trim());
        assertThat(jwt.verify(new ECDSAVerifier(LocalSigningKey.load(key).toECPublicKey()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(LocalSigningKey.ISSUER);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(LocalSigningKey.DEFAULT_AUDIENCE);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("client_kind")).isEqualTo("hospital");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("organization_id")).isEqualTo("265161000016000");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).contains("system/ServiceRequest.crus");
    }

    @Test
    void refusesWhatItCannotDo() {
        LocalSigningKey.loadOrCreate(key);
        assertThat(run("--kind", "superuser", "--local-key", key.toString())).isEqualTo(2);
        assertThat(run("--local-key", key.toString())).isEqualTo(2);
        assertThat(run("--kind", "gp", "--local-key", key.toString())).as("a GP token needs its id").isEqualTo(2);
        assertThat(run("--kind", "other-municipality", "--local-key", key.toString())).as("another municipality's token needs its id").isEqualTo(2);
        assertThat(run("--kind", "other-municipality", "--id", "0101", "--local-key", key.toString())).isZero();
        assertThat(run("--kind", "municipality", "--local-key", "target/security")).as("a folder, not a key").isEqualTo(1);
        assertThat(run("--kind", "municipality", "--lifetime", "an hour", "--local-key", key.toString())).isEqualTo(2);
        assertThat(run("--kind", "municipality", "--local-key", key.toString())).isZero();
    }

    @Test
    void createsTheKeyWhenTheServerHasNotYet() {
        Path fresh = Path.of("target", "security", "fresh-" + UUID.randomUUID(), "local-signing-key.json");
        assertThat(run("--kind", "auditor", "--local-key", fresh.toString())).isZero();
        assertThat(Files.exists(fresh)).isTrue();
    }

    @Test
    void theKeyIsCreatedOnceAndReadableByItsOwnerOnly() throws Exception {
        String first = LocalSigningKey.loadOrCreate(key).getKeyID();
        assertThat(LocalSigningKey.loadOrCreate(key).getKeyID()).isEqualTo(first);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    private static int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = TokenCommand.run(args, new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true));
        if (status != 0) {
            assertThat(out.size()).as("nothing on stdout when it fails").isZero();
        }
        return status;
    }
}
