package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.ReportTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Computes the annual report's tables, in one read-only snapshot of the data: on PostgreSQL at repeatable read, and
 * on several connections at once that share the first one's snapshot ({@link ReportSnapshot}); rows stream through a
 * cursor. On H2 the tables are computed one after the other in one transaction.
 */
@Service
public class AnnualReport {
    /** The report's order of tables. */
    static final List<String> ORDER = List.of("plans-received", "referrals-by-legal-basis", "courses", "sessions", "session-hours",
            "waiting-times", "first-contact", "free-choice", "functional-levels", "age-groups", "citizens");

    private final Map<String, AnnualReportTable> tables = new LinkedHashMap<>();
    private final TransactionTemplate readOnly;
    private final ReportSnapshot snapshot;

    public AnnualReport(List<AnnualReportTable> tables, PlatformTransactionManager transactions, ReportSnapshot snapshot) {
        tables.stream().sorted(java.util.Comparator.comparingInt(t -> ORDER.indexOf(t.id()) < 0 ? ORDER.size() : ORDER.indexOf(t.id())))
                .forEach(t -> this.tables.put(t.id(), t));
        this.readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot = snapshot;
    }

    public Map<String, AnnualReportTable> tables() {
        return tables;
    }

    /** The tables asked for ({@code table} null: all), in report order. */
    public List<AnnualReportTable> selected(String table) {
        return table == null ? List.copyOf(tables.values()) : List.of(tables.get(table));
    }

    /**
     * Computes {@code selected}, in their order; {@code done} is told after each table how many are done;
     * {@code cancelled} is asked before each table (a cancelled run stops and returns null).
     */
    public List<ReportTable> compute(ReportPeriod period, List<AnnualReportTable> selected, IntConsumer done, BooleanSupplier cancelled) {
        return readOnly.execute(status -> {
            if (snapshot.parallel() && selected.size() > 1) {
                return snapshot.computeShared(period, selected, done, cancelled, readOnly);
            }
            snapshot.tune();
            List<ReportTable> results = new ArrayList<>();
            boolean[] stopped = {false};
            RunScope.within(RunScope.newRun(), () -> {
                for (AnnualReportTable table : selected) {
                    if (cancelled.getAsBoolean()) {
                        stopped[0] = true;
                        return;
                    }
                    results.add(table.compute(period));
                    done.accept(results.size());
                }
            });
            return stopped[0] ? null : results;
        });
    }
}
