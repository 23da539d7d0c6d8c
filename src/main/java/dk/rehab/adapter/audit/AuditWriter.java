package dk.rehab.adapter.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The AuditEvents of reads, searches and refusals, stored off the request thread: a bounded queue and one writer
 * thread that stores what has queued up in batches (up to {@code adapter.audit.batch-size} per transaction, waiting up
 * to {@code adapter.audit.linger} after a batch's first event for others to join it: one commit for many). A full
 * queue makes the request wait (back-pressure, nothing dropped). On a clean shutdown the writer stops after the web
 * server (a lower lifecycle phase) and stores everything still queued before the database closes; what is recorded
 * after that is stored at once on the caller's thread. A kill -9 loses what was queued and not yet committed.
 * Between batches (and every 200 ms when idle) the thread also fills the entity index of the events writes stored in
 * their own transactions ({@link AuditIndex}); a kill -9 loses none of those: the notes are committed with the writes.
 */
@Component
public class AuditWriter implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final int STORE_ATTEMPTS = 5;

    private final AuditRows rows;
    private final TransactionTemplate tx;
    private final BlockingQueue<AuditRecord> queue;
    private final int batchSize;
    private final long lingerNanos;
    /** Set by {@link #flush()}: the writer commits what it holds without waiting out the linger. */
    private volatile boolean hurry;
    private final Object idle = new Object();
    private volatile boolean running;
    private volatile Thread thread;
    /** Queued and not yet stored (or given up). */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

    /** Fills the entity index of the events writes stored in their transactions, between batches; null for none. */
    private final AuditIndex index;

    AuditWriter(AuditRows rows, PlatformTransactionManager transactions, AuditProperties properties) {
        this(rows, transactions, properties, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public AuditWriter(AuditRows rows, PlatformTransactionManager transactions, AuditProperties properties, AuditIndex index) {
        this.index = index;
        this.rows = rows;
        this.tx = new TransactionTemplate(transactions);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, properties.queueCapacity()));
        this.batchSize = Math.max(1, properties.batchSize());
        this.lingerNanos = properties.linger() == null ? 0 : Math.max(0, properties.linger().toNanos());
    }

    /** Queues {@code event} for the writer thread (stores it now when the writer is not running). */
    public void submit(AuditRecord event) {
        if (!running) {
            store(List.of(event));
            return;
        }
        pending.incrementAndGet();
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.decrementAndGet();
            store(List.of(event));
        }
        if (!running) {
            drain(); // stopped meanwhile: the writer may have finished before this one was queued
        }
    }

    /** Stores {@code events} in the current transaction (or one of their own when there is none). */
    void store(List<AuditRecord> events) {
        tx.executeWithoutResult(status -> rows.insert(events));
    }

    /** Waits until everything queued so far is stored. */
    public void flush() {
        hurry = true;
        synchronized (idle) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pending.get() > 0 && running && System.nanoTime() < deadline) {
                try {
                    idle.wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (!running) {
            drain();
        }
    }

    /** How many events wait for the writer. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        List<AuditRecord> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                AuditRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    indexWrites();
                    continue;
                }
                batch.add(first);
                fill(batch);
                storeWithRetries(batch);
                indexWrites();
            } catch (InterruptedException e) {
                // stop() interrupts only to end the wait; the loop drains what is left
            } finally {
                synchronized (idle) {
                    pending.addAndGet(-batch.size());
                    batch.clear();
                    idle.notifyAll();
                }
            }
        }
    }

    /**
     * The entity index rows of the events that writes stored (in their own transactions) since the last time. A failure
     * loses nothing: the notes stay, the searches still find those events, and the next round indexes them.
     */
    private void indexWrites() {
        if (index == null) {
            return;
        }
        try {
            index.indexIfDue();
        } catch (RuntimeException e) {
            // the exception's class and where it was thrown, never its message (it may quote stored values)
            LOG.warn("indexing the audit events of writes failed, trying again later: {} at {}", e.getClass().getName(),
                    e.getStackTrace().length == 0 ? "?" : e.getStackTrace()[0]);
        }
    }

    /** Adds to {@code batch} what queues up within the linger (or until it is full, a flush or a stop). */
    private void fill(List<AuditRecord> batch) throws InterruptedException {
        long deadline = System.nanoTime() + lingerNanos;
        while (true) {
            queue.drainTo(batch, batchSize - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= batchSize || left <= 0 || hurry || !running) {
                hurry = false;
                return;
            }
            AuditRecord next = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(5)), TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
            }
        }
    }

    private void storeWithRetries(List<AuditRecord> batch) {
        try {
            store(batch);
            return;
        } catch (org.springframework.dao.NonTransientDataAccessException e) {
            if (batch.size() > 1) {
                // one event the database refuses must not take the others with it: each alone
                LOG.warn("storing {} audit events failed ({}); storing them one by one", batch.size(), e.getClass().getName());
                batch.forEach(event -> storeWithRetries(List.of(event)));
                return;
            }
        } catch (RuntimeException e) {
            // transient (the database is away): tried again below
        }
        for (int attempt = 2; ; attempt++) {
            try {
                store(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt == STORE_ATTEMPTS) {
                    LOG.error("{} audit events could not be stored after {} attempts: {}", batch.size(), attempt, e.getClass().getName());
                    return;
                }
                LOG.warn("storing {} audit events failed (attempt {}), trying again: {}", batch.size(), attempt, e.getClass().getName());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    // keep trying: the events must not be lost on shutdown
                }
            }
        }
    }

    /** What the writer thread left (it has stopped): stored on this thread. */
    private void drain() {
        List<AuditRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (int from = 0; from < rest.size(); from += batchSize) {
            List<AuditRecord> part = rest.subList(from, Math.min(rest.size(), from + batchSize));
            storeWithRetries(part);
            pending.addAndGet(-part.size());
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread writer = new Thread(this::run, "audit-writer");
        writer.setDaemon(true);
        thread = writer;
        writer.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread writer = thread;
        if (writer != null) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        drain();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops at a higher phase), before the database is closed (bean destruction). */
    @Override
    public int getPhase() {
        return 0;
    }
}
