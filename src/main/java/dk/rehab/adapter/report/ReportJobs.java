package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problem;
import dk.rehab.adapter.fhir.Outcomes;
import dk.rehab.adapter.security.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reports computed asynchronously (Prefer: respond-async): each job has a random id (its status URL), its caller (only
 * the same client reads or cancels it), its progress (tables done of tables asked for), and at the end its rendered
 * answer or its problem. Jobs live in memory for {@code adapter.report.job-retention} (default one hour) after they
 * were submitted; a restart forgets them (the client asks again).
 */
@Component
public class ReportJobs {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReportJobs.class);
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AnnualReport report;
    private final ReportRenderer renderer;
    private final ReportExecutor executor;
    private final Duration retention;

    public ReportJobs(AnnualReport report, ReportRenderer renderer, ReportExecutor executor,
                      @Value("${adapter.report.job-retention:PT1H}") Duration retention) {
        this.report = report;
        this.renderer = renderer;
        this.executor = executor;
        this.retention = retention;
    }

    /** One job. {@code owner} is the caller's kind and subject. */
    public static final class Job {
        final String id;
        final String owner;
        final int total;
        final Instant submitted = Instant.now();
        final AtomicInteger done = new AtomicInteger();
        volatile boolean cancelled;
        volatile ReportRenderer.Rendered result;
        volatile List<Problem> problems;

        Job(String id, String owner, int total) {
            this.id = id;
            this.owner = owner;
            this.total = total;
        }

        public String id() {
            return id;
        }

        public boolean finished() {
            return result != null || problems != null;
        }

        public ReportRenderer.Rendered result() {
            return result;
        }

        public List<Problem> problems() {
            return problems;
        }

        /** "queued", or "n of m tables". */
        public String progress() {
            int n = done.get();
            return n == 0 && !finished() ? "queued: 0 of " + total + " tables" : n + " of " + total + " tables";
        }
    }

    public Job submit(Caller caller, ReportRequest request) {
        expire();
        List<AnnualReportTable> tables = report.selected(request.table());
        Job job = new Job(UUID.randomUUID().toString(), owner(caller), tables.size());
        jobs.put(job.id, job);
        executor.execute(() -> run(job, request, tables));
        return job;
    }

    private void run(Job job, ReportRequest request, List<AnnualReportTable> tables) {
        try {
            var results = report.compute(request.period(), tables, job.done::set, () -> job.cancelled);
            if (results != null) {
                job.result = renderer.render(request, results);
            }
        } catch (AdapterException e) {
            job.problems = e.problems();
        } catch (RuntimeException e) {
            LOG.error("annual report job {} failed: {}: {}", job.id, e.getClass().getName(), Outcomes.scrub(e.getMessage()));
            job.problems = List.of(new Problem(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.display(), null));
        }
    }

    /** The caller's job {@code id}; empty when there is none, it expired, or it is another client's. */
    public Optional<Job> find(Caller caller, String id) {
        expire();
        Job job = id == null ? null : jobs.get(id);
        return job != null && job.owner.equals(owner(caller)) ? Optional.of(job) : Optional.empty();
    }

    /** Cancels and forgets the caller's job {@code id}; false when there is none. */
    public boolean cancel(Caller caller, String id) {
        Optional<Job> job = find(caller, id);
        job.ifPresent(j -> {
            j.cancelled = true;
            jobs.remove(j.id);
        });
        return job.isPresent();
    }

    private void expire() {
        Instant limit = Instant.now().minus(retention);
        jobs.values().removeIf(j -> j.submitted.isBefore(limit));
    }

    private static String owner(Caller caller) {
        return caller.kind().claimValue() + "|" + caller.subject();
    }
}
