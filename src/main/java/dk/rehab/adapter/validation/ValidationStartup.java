package dk.rehab.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.config.FhirContexts;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Builds and warms the profile validator on a thread of its own from the earliest moment of start-up (as soon as
 * the configuration is read), so its 7–8 s of loading overlap the rest of the start-up instead of following it.
 * Readiness waits for it ({@link ValidatorHealth}). One validator per JVM and packages folder. With
 * {@code adapter.validation.preload=false} (and no strict mode) it is built on first use instead. A build that
 * failed (say, too little heap) is tried again on the next use.
 * Registered in {@code META-INF/spring.factories}, so it runs for every start of the application, tests included.
 */
public class ValidationStartup implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationStartup.class);
    private static final Map<String, CompletableFuture<ProfileValidator>> VALIDATORS = new ConcurrentHashMap<>();

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        var environment = event.getEnvironment();
        boolean preload = environment.getProperty("adapter.validation.preload", Boolean.class, true)
                || environment.getProperty("adapter.validation.strict", Boolean.class, false);
        if (preload) {
            start(environment.getProperty("adapter.validation.packages-dir", ""));
        }
    }

    /** The validator for {@code packagesDir} (empty: the project's own profiles only), built and warmed once. */
    public static CompletableFuture<ProfileValidator> start(String packagesDir) {
        return VALIDATORS.computeIfAbsent(packagesDir == null ? "" : packagesDir.trim(), dir -> {
            CompletableFuture<ProfileValidator> future = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    long started = System.nanoTime();
                    FhirContext fhir = FhirContexts.shared();
                    Optional<Path> packages = dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir));
                    ProfileValidator validator = new ProfileValidator(fhir, new ValidationSupportFactory(fhir).create(packages));
                    validator.warmUp();
                    LOG.info("profile validator ready in {} ms{}", (System.nanoTime() - started) / 1_000_000,
                            dir.isEmpty() ? "" : " (with the packages in " + dir + ")");
                    future.complete(validator);
                } catch (RuntimeException | Error e) {
                    LOG.error("the profile validator could not be built: {}", e.toString());
                    VALIDATORS.remove(dir);
                    future.completeExceptionally(e);
                }
            }, "validator-warm-up");
            thread.setDaemon(true);
            thread.start();
            return future;
        });
    }
}
