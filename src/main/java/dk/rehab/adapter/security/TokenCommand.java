package dk.rehab.adapter.security;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code java -jar rehab-fhir-adapter.jar token --kind hospital|gp|municipality|reporting|auditor [--id ID]
 * [--lifetime PT1H] [--local-key FILE] [--audience AUD]}: prints a token signed with the local key on standard output
 * and nothing else, without starting the server. Run it from the folder the server runs in (the key is
 * {@code ./data/local-signing-key.json} unless {@code --local-key}, the system property or the environment variable
 * {@code ADAPTER_SECURITY_LOCAL_KEY} names another); if there is no key yet, it is created, and the server uses it
 * when it starts. A server with an identity provider configured does not accept these tokens.
 */
public final class TokenCommand {
    static final String USAGE = "usage: token --kind hospital|gp|municipality|reporting|auditor|other-municipality [--id SOR-or-GLN-or-ydernummer-or-municipality-code] "
            + "[--lifetime PT1H] [--local-key FILE] [--audience AUDIENCE]";

    private TokenCommand() {
    }

    /** @return the exit status: 0 when a token was printed */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String kindName = null;
        String id = null;
        String keyFile = null;
        String audience = LocalSigningKey.DEFAULT_AUDIENCE;
        Duration lifetime = Duration.ofHours(1);
        try {
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    err.println("missing value for " + name + "\n" + USAGE);
                    return 2;
                }
                String value = args[++i];
                switch (name) {
                    case "--kind" -> kindName = value;
                    case "--id" -> id = value;
                    case "--local-key" -> keyFile = value;
                    case "--audience" -> audience = value;
                    case "--lifetime" -> lifetime = Duration.parse(value);
                    default -> {
                        err.println("unknown option " + name + "\n" + USAGE);
                        return 2;
                    }
                }
            }
        } catch (DateTimeParseException e) {
            err.println("--lifetime takes an ISO-8601 duration such as PT1H\n" + USAGE);
            return 2;
        }
        Optional<ClientKind> kind = ClientKind.of(kindName);
        if (kind.isEmpty()) {
            err.println((kindName == null ? "--kind is required" : "unknown kind " + kindName) + "\n" + USAGE);
            return 2;
        }
        if (id == null && (kind.get() == ClientKind.HOSPITAL || kind.get() == ClientKind.GP || kind.get() == ClientKind.OTHER_MUNICIPALITY)) {
            err.println("a " + kind.get().claimValue() + " token needs --id (SOR id or GLN of a hospital, ydernummer or GLN of a GP, "
                    + "SOR id or municipality code of another municipality)");
            return 2;
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            err.println("--lifetime must be positive");
            return 2;
        }
        Path key = Path.of(keyFile != null ? keyFile : defaultKeyFile());
        try {
            // Created here when the server has not started yet: the server then finds and uses the same key.
            out.println(LocalTokens.mint(LocalSigningKey.loadOrCreate(key), audience, kind.get(), id, lifetime));
            return 0;
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** The key file the server uses by default: the system property, the environment variable, or ./data/. */
    static String defaultKeyFile() {
        String property = System.getProperty("adapter.security.local-key");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String variable = System.getenv("ADAPTER_SECURITY_LOCAL_KEY");
        return variable != null && !variable.isBlank() ? variable : LocalSigningKey.DEFAULT_PATH;
    }
}
