package dk.rehab.adapter.report;

import dk.rehab.adapter.fhir.ReportTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The SQL side of the report tables: counts and grouped counts over the projections, and streaming of rows (fetch
 * size set, so PostgreSQL sends rows in batches inside the report's read-only transaction instead of all at once).
 * Only aggregates and one row at a time reach the heap.
 */
@Component
public class ReportSql {
    private final JdbcTemplate jdbc;

    public ReportSql(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1000);
    }

    public long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    /** {@code sql} selects (key, count); a null key is counted under {@code nullKey}. Keys in the order the query gives. */
    public Map<String, Long> countBy(String sql, String nullKey, Object... args) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(sql, (RowCallbackHandler) rs -> {
            String key = rs.getString(1);
            counts.merge(key == null ? nullKey : key, rs.getLong(2), Long::sum);
        }, args);
        return counts;
    }

    public void stream(String sql, RowCallbackHandler handler, Object... args) {
        jdbc.query(sql, handler, args);
    }

    /**
     * Strata for every code of {@code codes} (in that order, zero when absent), then any other key of
     * {@code counts} (in the counts' order). {@code displays} gives the display of a code (null: the code).
     */
    public static List<ReportTable.Stratum> strata(Map<String, Long> counts, Map<String, String> codes) {
        List<ReportTable.Stratum> strata = new ArrayList<>();
        codes.forEach((code, display) -> strata.add(new ReportTable.Stratum(code, display, counts.getOrDefault(code, 0L), null)));
        counts.forEach((code, n) -> {
            if (!codes.containsKey(code)) {
                strata.add(new ReportTable.Stratum(code, code, n, null));
            }
        });
        return strata;
    }

    /** {@code part} of {@code whole} in per cent, one decimal (half up); null when {@code whole} is 0. */
    public static ReportTable.Score percent(long part, long whole) {
        if (whole == 0) {
            return null;
        }
        return new ReportTable.Score(BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP), "%");
    }

    /** Strata with each stratum's share of {@code whole} as its score. */
    public static List<ReportTable.Stratum> withShares(List<ReportTable.Stratum> strata, long whole) {
        List<ReportTable.Stratum> shared = new ArrayList<>();
        for (ReportTable.Stratum s : strata) {
            shared.add(new ReportTable.Stratum(s.code(), s.display(), s.count(), percent(s.count(), whole)));
        }
        return shared;
    }
}
