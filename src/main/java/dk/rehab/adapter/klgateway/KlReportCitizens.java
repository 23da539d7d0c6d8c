package dk.rehab.adapter.klgateway;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which citizens a report covers, from the projections (no resource is read).
 * <ul>
 *   <li>a period {@code [start, end]} (days, Danish time): citizens with a plan received in it, a § 140 course that ran in
 *       it (started on or before {@code end}, not ended before {@code start}) or a session of such a course in it;</li>
 *   <li>incremental: citizens whose Patient, plans, § 140 courses, sessions or FSIII assessments changed after the cut-off
 *       of their last report KL accepted (its delivery {@code delivered}); a citizen never accepted is included when
 *       they have a plan or a § 140 course at all.</li>
 * </ul>
 * In citizen id order.
 */
@Component
public class KlReportCitizens {
    private static final String COURSES_140 = "(c.plan_id is not null or c.legal_basis = 'sul-140')";
    private final JdbcTemplate jdbc;

    public KlReportCitizens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> inPeriod(LocalDate start, LocalDate end) {
        OffsetDateTime from = start.atStartOfDay(Kl.ZONE).toOffsetDateTime();
        OffsetDateTime to = end.plusDays(1).atStartOfDay(Kl.ZONE).toOffsetDateTime();
        TreeSet<String> ids = new TreeSet<>();
        ids.addAll(jdbc.queryForList("select patient_id from plan where authored >= ? and authored < ?", String.class, from, to));
        ids.addAll(jdbc.queryForList("select c.patient_id from course c where " + COURSES_140
                + " and c.period_start < ? and (c.period_end is null or c.period_end >= ?)", String.class, to, from));
        ids.addAll(jdbc.queryForList("select s.patient_id from session s join course c on c.res_id = s.course_id where " + COURSES_140
                + " and s.start_at >= ? and s.start_at < ?", String.class, from, to));
        return List.copyOf(ids);
    }

    public List<String> changedSinceAccepted() {
        Map<String, Instant> accepted = new HashMap<>();
        jdbc.query("select r.patient_id, max(r.cut_off) as cut from kl_report r join delivery d on d.task_id = r.task_id "
                + "where d.state = 'delivered' group by r.patient_id", rs -> {
                    accepted.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
                });
        Map<String, Instant> changed = new HashMap<>();
        java.util.function.Consumer<String> collect = sql -> jdbc.query(sql, rs -> {
            Instant t = rs.getObject(2, OffsetDateTime.class).toInstant();
            changed.merge(rs.getString(1), t, (a, b) -> a.isAfter(b) ? a : b);
        });
        collect.accept("select patient_id, max(last_updated) from plan group by patient_id");
        collect.accept("select c.patient_id, max(c.last_updated) from course c where " + COURSES_140 + " group by c.patient_id");
        collect.accept("select s.patient_id, max(s.last_updated) from session s join course c on c.res_id = s.course_id where " + COURSES_140
                + " group by s.patient_id");
        collect.accept("select f.patient_id, max(r.last_updated) from functional_status f join resource r on r.res_type = 'Observation' "
                + "and r.res_id = f.res_id group by f.patient_id");
        TreeSet<String> ids = new TreeSet<>();
        changed.forEach((patient, last) -> {
            Instant cut = accepted.get(patient);
            if (cut == null || last.isAfter(cut)) {
                ids.add(patient);
            }
        });
        // a change of the Patient alone (e.g. a recorded death) of a citizen already reported
        jdbc.query("select r.res_id, r.last_updated from resource r where r.res_type = 'Patient' and r.res_id in "
                + "(select patient_id from kl_report)", rs -> {
                    Instant cut = accepted.get(rs.getString(1));
                    if (cut != null && rs.getObject(2, OffsetDateTime.class).toInstant().isAfter(cut)) {
                        ids.add(rs.getString(1));
                    }
                });
        return List.copyOf(ids);
    }

}
