package dk.rehab.adapter.validation;

import dk.rehab.adapter.config.AdapterProperties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.stereotype.Component;

/**
 * The application's profile validator, built and warmed in the background by {@link ValidationStartup} — at
 * start-up when preloading, else on first use.
 */
@Component
public class ValidatorHolder {
    private final String packagesDir;
    private final boolean preloaded;
    private volatile CompletableFuture<ProfileValidator> validator;

    public ValidatorHolder(AdapterProperties properties) {
        this.packagesDir = properties.validation().packagesDir();
        this.preloaded = properties.validation().preloads();
        this.validator = preloaded ? ValidationStartup.start(packagesDir) : null;
    }

    /** Whether start-up builds the validator (and readiness waits for it). */
    public boolean isPreloaded() {
        return preloaded;
    }

    public boolean isReady() {
        CompletableFuture<ProfileValidator> v = validator;
        return v != null && v.isDone() && !v.isCompletedExceptionally();
    }

    public boolean hasFailed() {
        CompletableFuture<ProfileValidator> v = validator;
        return v != null && v.isCompletedExceptionally();
    }

    /** The validator; starts it if it was not preloaded, and waits for the warm-up if it is still running. */
    public ProfileValidator get() {
        if (validator == null) {
            validator = ValidationStartup.start(packagesDir);
        }
        try {
            return validator.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the profile validator", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the profile validator could not be built", e.getCause());
        }
    }
}
