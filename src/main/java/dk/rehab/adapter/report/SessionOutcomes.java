package dk.rehab.adapter.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The sessions whose start lies in the period, counted and their durations summed by type, status and cancellation
 * reason: one pass over the period's sessions that the tables sessions and session-hours both read, computed once per
 * report run ({@link RunScope}).
 */
@Component
class SessionOutcomes {
    /** One (type, status, reason) of the period: its sessions and their seconds. */
    record Row(String type, String status, String reason, long sessions, BigDecimal seconds) {
    }

    private final ReportSql sql;

    SessionOutcomes(ReportSql sql) {
        this.sql = sql;
    }

    List<Row> of(ReportPeriod period) {
        return RunScope.shared(List.of("session-outcomes", period), () -> {
            List<Row> rows = new ArrayList<>();
            sql.stream("select s.session_type, s.status, s.cancel_reason, count(*), " + SessionHoursTable.SUM_SECONDS + " from session s "
                    + "where s.start_at >= ? and s.start_at < ? group by s.session_type, s.status, s.cancel_reason", (RowCallbackHandler) rs ->
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getBigDecimal(5) == null ? BigDecimal.ZERO : rs.getBigDecimal(5))), period.from(), period.until());
            return List.copyOf(rows);
        });
    }
}
