package dk.rehab.adapter.validation;

import dk.rehab.adapter.config.AdapterProperties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.stereotype.Component;

/** The application's profile validator, built and warmed in the background by {@link ValidationStartup}. */
@Component
public class ValidatorHolder {
    private final CompletableFuture<ProfileValidator> validator;

    public ValidatorHolder(AdapterProperties properties) {
        this.validator = ValidationStartup.start(properties.validation().packagesDir());
    }

    public boolean isReady() {
        return validator.isDone() && !validator.isCompletedExceptionally();
    }

    public boolean hasFailed() {
        return validator.isCompletedExceptionally();
    }

    /** The validator; waits for the warm-up if it is still running. */
    public ProfileValidator get() {
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
