package dk.rehab.adapter.fhir;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to another thread, with its failure rethrown as it was thrown there. */
public final class Futures {
    private Futures() {
    }

    /**
     * The result of {@code future}: a RuntimeException or Error of the task is rethrown as it is, any other cause
     * wrapped; an interrupt is kept and reported as {@code whileDoing}.
     */
    public static <T> T await(Future<T> future, String whileDoing) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + whileDoing, e);
        }
    }
}
