package dk.rehab.adapter.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The entity index rows of the AuditEvents that writes stored in their own transactions (V22): each such event is
 * noted in audit_pending, and this fills audit_entity for a batch of noted events and deletes their notes, in one
 * transaction (run by the {@link AuditWriter}'s thread). A note is deleted before its rows are added and only the
 * instance whose delete took it indexes the event, so two instances on one database index each event once. Until then
 * {@link AuditSearch} finds a noted event by its entities column.
 */
@Component
public class AuditIndex {
    /** The most events indexed in one transaction. */
    static final int BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final AuditRows rows;
    private final TransactionTemplate tx;

    public AuditIndex(JdbcTemplate jdbc, AuditRows rows, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Another instance's notes are looked for at least this often. */
    private static final long ROUND_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    private volatile long lastRound = System.nanoTime() - ROUND_NANOS;

    /**
     * {@link #indexPending()} when this instance noted an event since the last round (a note committed after that round
     * began waits for the next) or a second has passed (another instance's notes, and those left by a previous run);
     * otherwise nothing, not even a query.
     */
    public int indexIfDue() {
        long now = System.nanoTime();
        if (!rows.takeNoted() && now - lastRound < ROUND_NANOS) {
            return 0;
        }
        lastRound = now;
        return indexPending();
    }

    /** Indexes every noted event (in batches of {@link #BATCH}); how many it indexed. */
    public int indexPending() {
        int total = 0;
        while (true) {
            Integer done = tx.execute(status -> indexBatch());
            int n = done == null ? 0 : done;
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }

    private int indexBatch() {
        // two plain lookups by key: a join of the two tables may be planned as a scan of all of audit_event
        List<String> oldest = jdbc.queryForList("select event_id from audit_pending order by event_id limit " + BATCH, String.class);
        if (oldest.isEmpty()) {
            return 0;
        }
        java.util.Map<String, String> entitiesOf = new java.util.HashMap<>();
        jdbc.query("select id, entities from audit_event where id in (" + String.join(",", java.util.Collections.nCopies(oldest.size(), "?")) + ")",
                row -> {
                    entitiesOf.put(row.getString(1), row.getString(2));
                }, oldest.toArray());
        List<String[]> noted = oldest.stream().map(id -> new String[] {id, entitiesOf.get(id)}).toList();
        List<Object[]> ids = new ArrayList<>(noted.size());
        noted.forEach(event -> ids.add(new Object[] {event[0]}));
        int[][] deleted = jdbc.batchUpdate("delete from audit_pending where event_id = ?", ids, ids.size(),
                (statement, id) -> statement.setString(1, (String) id[0]));
        List<Object[]> entities = new ArrayList<>(noted.size() * 2);
        for (int i = 0; i < noted.size(); i++) {
            String entitiesColumn = noted.get(i)[1];
            if (deleted[0][i] != 0 && entitiesColumn != null && !entitiesColumn.isEmpty()) { // 0: another instance took it
                AuditRows.entityRows(noted.get(i)[0], Arrays.asList(entitiesColumn.split(" ")), entities);
            }
        }
        entities.sort(Comparator.comparing((Object[] row) -> (String) row[0])); // neighbouring leaves one after the other
        rows.insertEntities(entities);
        return noted.size();
    }
}
