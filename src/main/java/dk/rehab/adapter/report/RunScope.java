package dk.rehab.adapter.report;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * What several tables of one report run need, computed once per run: inside {@link #within} a {@link #shared} result
 * is computed by the first table that asks (on its thread, in its transaction: every transaction of a run reads the
 * same snapshot, so the result is the same whichever computes it) and handed to the others, which wait for it. Outside
 * a run (one table computed on its own) it is simply computed.
 */
final class RunScope {
    private static final ThreadLocal<Map<Object, Future<Object>>> CURRENT = new ThreadLocal<>();

    private RunScope() {
    }

    /** A new run's shared results, for {@link #within} on each of its threads. */
    static Map<Object, Future<Object>> newRun() {
        return new ConcurrentHashMap<>();
    }

    /** Runs {@code body} on this thread as part of the run whose results are {@code shared}. */
    static void within(Map<Object, Future<Object>> shared, Runnable body) {
        Map<Object, Future<Object>> outer = CURRENT.get();
        CURRENT.set(shared);
        try {
            body.run();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T shared(Object key, Supplier<T> compute) {
        Map<Object, Future<Object>> run = CURRENT.get();
        if (run == null) {
            return compute.get();
        }
        FutureTask<Object> task = new FutureTask<>(compute::get);
        Future<Object> result = run.putIfAbsent(key, task);
        if (result == null) {
            task.run();
            result = task;
        }
        return (T) dk.rehab.adapter.fhir.Futures.await(result, "waiting for a shared report result");
    }
}
