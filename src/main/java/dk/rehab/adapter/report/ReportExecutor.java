package dk.rehab.adapter.report;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where asynchronous reports run: {@code adapter.report.async-threads} daemon threads (default 1: reports queue
 * behind each other instead of competing with the writes for the database).
 */
@Component
public class ReportExecutor implements java.util.concurrent.Executor, org.springframework.beans.factory.DisposableBean {
    private final ExecutorService pool;

    public ReportExecutor(@Value("${adapter.report.async-threads:1}") int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "annual-report-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
