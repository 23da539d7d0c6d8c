package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.ReportTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How the annual report uses PostgreSQL: its tables are computed on up to {@code adapter.report.parallel-tables}
 * connections at once (default 2), each in a read-only transaction that imports the snapshot the report's first
 * transaction exported ({@code pg_export_snapshot()}, {@code SET TRANSACTION SNAPSHOT}), so every table counts exactly
 * the same data, as if they were computed one after the other in one transaction. The heaviest tables are started
 * first. Each of these transactions gets {@code adapter.report.work-mem} (default 64MB) for its sorts and hashes
 * ({@code SET LOCAL work_mem}: grouping a year of sessions in PostgreSQL's default 4MB spills to disk) and no JIT
 * compilation ({@code SET LOCAL jit = off}: compiling costs more than it saves on queries that run once), and the
 * planner is told that index pages are as cheap to reach as the table's ({@code SET LOCAL random_page_cost = 1.1}, the
 * usual setting for data in memory or on SSD; with the default 4 it sorts the FSIII assessments of a year instead of
 * reading them in order from their covering index). On H2 none of this applies: the tables run one after the other.
 */
@Component
public class ReportSnapshot implements DisposableBean {
    private static final Pattern WORK_MEM = Pattern.compile("[1-9][0-9]{0,6}(kB|MB|GB)");
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]+");
    /** The tables by cost at national scale (bench/scale.sh), heaviest first: started first, so they end together. */
    private static final List<String> HEAVIEST_FIRST = List.of("citizens", "functional-levels", "courses", "session-hours",
            "waiting-times", "plans-received", "sessions", "first-contact", "free-choice", "referrals-by-legal-basis", "age-groups");

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final int parallelTables;
    private final String workMem;
    private final ExecutorService helpers;

    public ReportSnapshot(DataSource dataSource, @Value("${adapter.report.parallel-tables:2}") int parallelTables,
                          @Value("${adapter.report.work-mem:64MB}") String workMem) {
        if (parallelTables < 1) {
            throw new IllegalArgumentException("adapter.report.parallel-tables must be at least 1, not " + parallelTables);
        }
        if (!WORK_MEM.matcher(workMem).matches()) {
            throw new IllegalArgumentException("adapter.report.work-mem must be a PostgreSQL memory size such as 64MB, not " + workMem);
        }
        this.jdbc = new JdbcTemplate(dataSource);
        this.postgres = dk.rehab.adapter.store.Databases.isPostgres(dataSource);
        this.parallelTables = parallelTables;
        this.workMem = workMem;
        AtomicInteger n = new AtomicInteger();
        this.helpers = postgres && parallelTables > 1 ? Executors.newFixedThreadPool(parallelTables - 1, r -> {
            Thread t = new Thread(r, "annual-report-table-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Whether tables are computed on several connections at once. */
    boolean parallel() {
        return helpers != null;
    }

    /** The current transaction's settings for the report (PostgreSQL only). */
    void tune() {
        if (postgres) {
            jdbc.execute("set local work_mem = '" + workMem + "'");
            jdbc.execute("set local jit = off");
            jdbc.execute("set local random_page_cost = 1.1");
        }
    }

    /**
     * Inside the report's transaction (the caller's): exports its snapshot, then computes the tables on this thread and
     * on up to {@code parallel-tables − 1} helper threads, each in its own read-only transaction on that snapshot. The
     * results come back in {@code selected}'s order; null when {@code cancelled}.
     */
    List<ReportTable> computeShared(ReportPeriod period, List<AnnualReportTable> selected, IntConsumer done, BooleanSupplier cancelled,
                                    TransactionTemplate readOnly) {
        tune();
        String id = jdbc.queryForObject("select pg_export_snapshot()", String.class);
        if (id == null || !SNAPSHOT_ID.matcher(id).matches()) {
            throw new IllegalStateException("PostgreSQL exported no usable snapshot");
        }
        Run run = new Run(period, selected, done, cancelled);
        var shared = RunScope.newRun();
        int helperCount = Math.min(parallelTables - 1, selected.size() - 1);
        // a helper that has not started when this thread has finished its share does not start at all: the snapshot is
        // only importable while this transaction is open
        AtomicReferenceArray<State> states = new AtomicReferenceArray<>(helperCount);
        List<Future<?>> futures = new ArrayList<>();
        for (int h = 0; h < helperCount; h++) {
            int slot = h;
            states.set(slot, State.WAITING);
            futures.add(helpers.submit(() -> {
                if (!states.compareAndSet(slot, State.WAITING, State.RUNNING)) {
                    return;
                }
                readOnly.executeWithoutResult(status -> {
                    jdbc.execute("set transaction snapshot '" + id + "'");
                    tune();
                    RunScope.within(shared, run::work);
                });
            }));
        }
        Throwable failure = null;
        try {
            RunScope.within(shared, run::work);
        } catch (RuntimeException | Error e) {
            run.stop.set(true);
            failure = e;
        }
        for (int h = 0; h < helperCount; h++) {
            if (states.compareAndSet(h, State.WAITING, State.SKIPPED)) {
                continue;
            }
            try {
                futures.get(h).get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                run.stop.set(true);
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("annual report interrupted", failure);
        }
        return run.cancelled.get() ? null : Arrays.asList(run.results);
    }

    private enum State { WAITING, RUNNING, SKIPPED }

    /** One report's tables, taken one at a time by whichever thread is free, heaviest first. */
    private static final class Run {
        final ReportPeriod period;
        final List<AnnualReportTable> selected;
        final List<Integer> queue;
        final ReportTable[] results;
        final IntConsumer done;
        final BooleanSupplier cancelledBy;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();

        Run(ReportPeriod period, List<AnnualReportTable> selected, IntConsumer done, BooleanSupplier cancelled) {
            this.period = period;
            this.selected = selected;
            this.results = new ReportTable[selected.size()];
            this.done = done;
            this.cancelledBy = cancelled;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < selected.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingInt(i -> {
                int rank = HEAVIEST_FIRST.indexOf(selected.get(i).id());
                return rank < 0 ? HEAVIEST_FIRST.size() : rank;
            }));
            this.queue = order;
        }

        void work() {
            while (!stop.get()) {
                int k = next.getAndIncrement();
                if (k >= queue.size()) {
                    return;
                }
                if (cancelledBy.getAsBoolean()) {
                    cancelled.set(true);
                    stop.set(true);
                    return;
                }
                int i = queue.get(k);
                try {
                    results[i] = selected.get(i).compute(period);
                } catch (RuntimeException | Error e) {
                    stop.set(true);
                    throw e;
                }
                synchronized (done) {
                    done.accept(finished.incrementAndGet());
                }
            }
        }
    }

    @Override
    public void destroy() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
