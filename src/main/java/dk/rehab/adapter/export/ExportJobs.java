package dk.rehab.adapter.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.rehab.adapter.audit.Audits;
import dk.rehab.adapter.fhir.Outcomes;
import dk.rehab.adapter.security.Caller;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk export jobs: accepted (committed to {@code export_job} before the 202 is answered), run by
 * {@code adapter.export.threads} background threads, and kept in the database with their files and manifest, so that a
 * poll after a restart answers and any instance on the same database can answer it. A job runs in two steps: its
 * transaction time T is fixed (and the job waits {@code adapter.export.settle} for writes stamped before T to commit),
 * then per type the ids of the resources whose version at T matches are read in order, {@code adapter.export.file-size}
 * at a time, each such range one file (a file is an id range; its lines are streamed when it is downloaded), stored
 * with the job's progress as it is found.
 *
 * <p>A job whose instance stops (a restart, a kill -9) is not resumed: the instance holding a queued or running job keeps
 * its heartbeat fresh; one not refreshed for {@code adapter.export.stale-after} is marked failed, and its status URL
 * answers 500 with an OperationOutcome saying to start the export again. A finished job (completed or failed) and its
 * files are deleted {@code adapter.export.retention} after it finished; cancelling deletes it at once.
 */
@Component
public class ExportJobs implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(ExportJobs.class);
    public static final String STATUS_PATH = "/async/export/";

    private final ExportJobStore store;
    private final ExportQueries queries;
    private final Audits audits;
    private final TransactionTemplate writes;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService pool;
    private final int fileSize;
    private final Duration retention;
    private final Duration settle;
    private final Duration staleAfter;
    /** The jobs this instance holds (queued in its pool or running), with their cancel flags. */
    private final Map<String, AtomicBoolean> held = new ConcurrentHashMap<>();

    public ExportJobs(ExportJobStore store, ExportQueries queries, Audits audits, PlatformTransactionManager transactions,
                      @Value("${adapter.export.threads:1}") int threads,
                      @Value("${adapter.export.file-size:5000}") int fileSize,
                      @Value("${adapter.export.retention:PT24H}") Duration retention,
                      @Value("${adapter.export.settle:PT1S}") Duration settle,
                      @Value("${adapter.export.stale-after:PT1M}") Duration staleAfter) {
        this.store = store;
        this.queries = queries;
        this.audits = audits;
        this.writes = new TransactionTemplate(transactions);
        this.fileSize = Math.max(1, fileSize);
        this.retention = retention;
        this.settle = settle;
        this.staleAfter = staleAfter;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "bulk-export-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** What the kick-off tells the job about its request, for the manifest and the audit trail. */
    public record Kickoff(String requestUrl, String baseUrl, String address, String request, String query) {
    }

    /** Accepts an export of every citizen (system or Patient level): stored (committed) before this returns, then queued. */
    public ExportJob submit(Caller caller, ExportRequest request, Kickoff kickoff) {
        return submit(caller, request, kickoff, null, null);
    }

    /**
     * Accepts an export of the data of {@code members} only (Patient ids: group {@code group}'s members as it holds them
     * now, or those the {@code patient} parameter names; {@code group} null at Patient level), or of every citizen when
     * {@code members} is null: the job and its members are stored (committed) together before this returns, then queued.
     */
    public ExportJob submit(Caller caller, ExportRequest request, Kickoff kickoff, String group, List<String> members) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ExportJob job = new ExportJob(UUID.randomUUID().toString(), owner(caller), request.level(), request.types(), request.since(),
                kickoff.requestUrl(), kickoff.baseUrl(), ExportJob.Status.QUEUED, "queued", null, now, null, null, null, null, group,
                members != null);
        writes.executeWithoutResult(status -> {
            store.insert(job);
            if (members != null && !members.isEmpty()) {
                store.addMembers(job.id(), members);
            }
        });
        AtomicBoolean cancelled = new AtomicBoolean();
        held.put(job.id(), cancelled);
        try {
            pool.execute(() -> run(job, caller, kickoff, cancelled));
        } catch (RuntimeException e) {
            held.remove(job.id());
            throw e;
        }
        return job;
    }

    /** The caller's job {@code id}; empty when there is none, it expired or was cancelled, or it is another client's. */
    public Optional<ExportJob> find(Caller caller, String id) {
        return id == null ? Optional.empty() : store.find(id).filter(job -> job.owner().equals(owner(caller))
                && (job.expires() == null || job.expires().isAfter(Instant.now())));
    }

    /** Cancels and forgets the caller's job and its files; false when there is none. */
    public boolean cancel(Caller caller, String id) {
        if (find(caller, id).isEmpty()) {
            return false;
        }
        AtomicBoolean flag = held.get(id);
        if (flag != null) {
            flag.set(true);
        }
        return Boolean.TRUE.equals(writes.execute(status -> store.delete(id)));
    }

    /** The URL of file {@code number} of {@code job}. */
    static String fileUrl(ExportJob job, int number) {
        return job.baseUrl() + STATUS_PATH + job.id() + "/file/" + number;
    }

    private void run(ExportJob job, Caller caller, Kickoff kickoff, AtomicBoolean cancelled) {
        try {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            if (cancelled.get() || !Boolean.TRUE.equals(writes.execute(status -> store.start(job.id(), at)))) {
                return; // cancelled while queued
            }
            Thread.sleep(settle.toMillis()); // writes stamped before T commit meanwhile, so the ids read below see them
            boolean byMembers = job.byMembers();
            List<Map<String, Object>> output = new ArrayList<>();
            int number = 0;
            long total = 0;
            for (int t = 0; t < job.types().size(); t++) {
                String type = job.types().get(t);
                String after = "";
                while (true) {
                    if (cancelled.get()) {
                        return;
                    }
                    ExportQueries.Page page = queries.next(type, at, job.since(), after, fileSize, byMembers ? job.id() : null);
                    if (page.count() == 0) {
                        break;
                    }
                    ExportFile file = new ExportFile(job.id(), ++number, type, after, page.lastId(), page.count());
                    total += file.count();
                    String progress = type + " (" + (t + 1) + " of " + job.types().size() + " types), " + total + " resources";
                    Boolean going = writes.execute(status -> store.progress(job.id(), progress) && store.addFile(file));
                    if (!Boolean.TRUE.equals(going)) {
                        return; // cancelled (perhaps on another instance): the job and its files are gone
                    }
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("type", type);
                    entry.put("url", fileUrl(job, file.number()));
                    entry.put("count", file.count());
                    output.add(entry);
                    after = page.lastId();
                    if (page.count() < fileSize) {
                        break;
                    }
                }
            }
            Instant finished = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String manifest = manifest(job, at, output);
            String progress = "done: " + job.types().size() + " of " + job.types().size() + " types, " + total + " resources";
            writes.executeWithoutResult(status -> {
                if (store.complete(job.id(), manifest, finished, finished.plus(retention), progress)) {
                    audits.bulkExport(caller, kickoff.address(), kickoff.request(), kickoff.query(), entities(job), true);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failQuietly(job.id(), "the server stopped while the export ran; start the export again");
        } catch (RuntimeException e) {
            LOG.error("bulk export job {} failed: {}: {}", job.id(), e.getClass().getName(), Outcomes.scrub(e.getMessage()));
            failQuietly(job.id(), "the export failed on the server; start it again (the server's log has the details)");
        } finally {
            held.remove(job.id());
        }
    }

    /** What the Export AuditEvent of a finished job names: a group job's Group, and the Patients a job by members exported. */
    private List<String> entities(ExportJob job) {
        if (!job.byMembers()) {
            return List.of();
        }
        List<String> entities = new ArrayList<>();
        if (job.group() != null) {
            entities.add("Group/" + job.group());
        }
        store.members(job.id()).forEach(p -> entities.add("Patient/" + p));
        return entities;
    }

    private String manifest(ExportJob job, Instant at, List<Map<String, Object>> output) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("transactionTime", at.toString());
        manifest.put("request", job.requestUrl());
        manifest.put("requiresAccessToken", true);
        manifest.put("output", output);
        manifest.put("error", List.of());
        try {
            return json.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void failQuietly(String id, String error) {
        try {
            writes.executeWithoutResult(status -> store.fail(id, error, Instant.now().plus(retention)));
        } catch (RuntimeException e) {
            LOG.error("bulk export job {} could not be marked failed: {}", id, e.getClass().getName());
        }
    }

    /**
     * Every {@code adapter.export.sweep-interval}: the heartbeat of the jobs this instance holds; jobs whose instance
     * stopped beating are marked failed; jobs past their expiry are deleted with their files.
     */
    @Scheduled(fixedDelayString = "${adapter.export.sweep-interval:PT10S}", initialDelayString = "PT1S")
    public void sweep() {
        try {
            writes.executeWithoutResult(status -> store.beat(List.copyOf(held.keySet())));
            for (String id : store.stale(Instant.now().minus(staleAfter))) {
                if (!held.containsKey(id)) {
                    LOG.warn("bulk export job {} was interrupted (its server stopped); marked failed", id);
                    failQuietly(id, "the export was interrupted: the server stopped while it ran; start the export again");
                }
            }
            for (String id : store.expired(Instant.now())) {
                writes.executeWithoutResult(status -> store.delete(id));
            }
        } catch (RuntimeException e) {
            LOG.warn("bulk export sweep failed: {}", e.getClass().getName());
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }

    static String owner(Caller caller) {
        return caller.kind().claimValue() + "|" + caller.subject();
    }
}
