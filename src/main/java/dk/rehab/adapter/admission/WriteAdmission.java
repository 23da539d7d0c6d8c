package dk.rehab.adapter.admission;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Outcomes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission control of writes (registered by {@link AdmissionConfig}): at most {@link AdmissionProperties#permits()} writes are worked on at once, the
 * others wait their turn first come, first served (a fair semaphore).
 *
 * <p>Why: on a small machine (the reference is 2 cores) eight hospital systems sending at once would otherwise
 * each get a quarter of a core for the whole of their request, and the time slices, lock waits and collector
 * pauses of eight interleaved writes stretch the slowest answers to three times the average. Working on a few
 * at a time and queueing the rest in order gives about the same throughput with a shorter tail (a p99 15-30 %
 * lower on 2 cores; the README's Performance section). Reads (GET, HEAD, and searches sent as {@code POST …/_search}) are not
 * queued: they are cheap and never wait behind a write.
 *
 * <p>A write that waits longer than {@code adapter.admission.queue-timeout} is answered {@code 503} with an
 * OperationOutcome ({@code server-busy}) and {@code Retry-After}; it has stored nothing, so sending it again is
 * safe. A database lock is only ever held by a write that has its turn (or by a background worker), so a waiting
 * write never blocks one that is running.
 */
public class WriteAdmission extends OncePerRequestFilter {
    private final Semaphore turns;
    private final long timeoutNanos;
    private final long retryAfterSeconds;
    private final byte[] busyBody;

    public WriteAdmission(AdmissionProperties properties, FhirContext fhir) {
        // Off (0 permits) means the filter is not registered at all (AdmissionConfig); one permit keeps the bean usable.
        this.turns = new Semaphore(Math.max(1, properties.permits()), true);
        this.timeoutNanos = properties.queueTimeout().toNanos();
        this.retryAfterSeconds = Math.max(1, Math.min(60, properties.queueTimeout().toSeconds() / 10));
        this.busyBody = Outcomes.json(fhir, ErrorCode.SERVER_BUSY, "the adapter is working on as many writes as it takes at once"
                + " and this one waited " + properties.queueTimeout().toSeconds() + " s for its turn; nothing was stored; send it again");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)
                || request.getRequestURI().endsWith("/_search");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            admitted = turns.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            busy(response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            turns.release();
        }
    }

    /** Writes waiting for their turn now (for tests and monitoring). */
    public int waiting() {
        return turns.getQueueLength();
    }

    private void busy(HttpServletResponse response) throws IOException {
        response.setStatus(ErrorCode.SERVER_BUSY.httpStatus());
        response.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
        response.setContentType(Outcomes.FHIR_JSON);
        response.setContentLength(busyBody.length);
        response.getOutputStream().write(busyBody);
    }
}
