package dk.rehab.adapter.export;

import dk.rehab.adapter.audit.Audits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The two reads of a bulk export: the ranges a job cuts into files (per file one range scan of ids, of which only the
 * count and the last id reach the JVM), and a file's lines — each the stored JSON of the resource's version at the job's
 * transaction time, streamed a row at a time (a cursor with a fetch size, in a read-only transaction, so PostgreSQL
 * does not load the whole result; at most one file's rows) and written to the client as it comes, never collected. The version at time T is the current one if it was stored at or before T, else
 * the newest older version stored at or before T (history is append-only, so a file's lines are the same on every
 * download); with {@code _since}, only resources whose version at T was stored after it. The reads of a job by members
 * (a Group's, or the {@code patient} parameter's) start from its members ({@code export_job_member}, fixed at kick-off): their Patients, and through {@code resource_patient} the
 * resources whose version at T names one of them (an index lookup per member, not a scan of the type), so that a
 * file's range holds, and its count counts, exactly the members' resources.
 */
@Component
public class ExportQueries {
    static final int FETCH = 500;
    /** The version of {@code r} at T (two parameters: T, T); null when it did not exist yet. */
    private static final String VERSION_AT = "case when r.last_updated <= ? then r.version else (select max(h2.version) from resource_history h2 "
            + "where h2.res_type = r.res_type and h2.res_id = r.res_id and h2.last_updated <= ?) end";
    private static final String AT = " from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id "
            + "and h.version = " + VERSION_AT + " where r.res_type = ?";
    /** The Patients of a job's members at T (parameters: type, T, T, job). */
    private static final String MEMBER_PATIENTS = " from export_job_member m join resource r on r.res_type = ? and r.res_id = m.patient_id "
            + "join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = " + VERSION_AT + " where m.job_id = ?";
    /** The resources of one type whose version at T names one of a job's members (parameters: type, T, T, job). */
    private static final String MEMBER_RESOURCES = " from export_job_member m join resource_patient p on p.patient_id = m.patient_id "
            + "and p.res_type = ? join resource r on r.res_type = p.res_type and r.res_id = p.res_id join resource_history h on "
            + "h.res_type = r.res_type and h.res_id = r.res_id and h.version = p.version where p.version = " + VERSION_AT + " and m.job_id = ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public ExportQueries(DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** The next file's range: the {@code count} ids after {@code afterId} (at most {@code limit}), the last of them. */
    record Page(int count, String lastId) {
    }

    /**
     * The next at most {@code limit} ids of {@code type} after {@code afterId} that the export of {@code at} (and
     * {@code since}) holds: how many and the last. One indexed range scan per file; only a count and an id reach the JVM.
     */
    Page next(String type, Instant at, Instant since, String afterId, int limit, String membersOf) {
        List<Object> parameters = new ArrayList<>();
        String from = from(type, at, membersOf, parameters);
        parameters.add(afterId);
        String inner = "select r.res_id" + from + " and r.res_id > ?" + sinceClause(since, parameters) + " order by r.res_id limit ?";
        parameters.add(limit);
        return readOnly.execute(status -> jdbc.queryForObject("select count(*), max(p.res_id) from (" + inner + ") p",
                (rs, n) -> new Page(rs.getInt(1), rs.getString(2)), parameters.toArray()));
    }

    /**
     * Writes {@code file}'s lines (NDJSON: one resource per line) to {@code out} as they are read; adds each line's
     * Patient ({@code Patient/id}) to {@code patients}. {@code byMembers}: the file is a job's by members (its members'
     * resources only, as {@link #next} counted them). Returns the number of lines written.
     */
    int write(ExportFile file, Instant at, Instant since, boolean byMembers, Writer out, Set<String> patients) {
        List<Object> parameters = new ArrayList<>();
        String from = from(file.type(), at, byMembers ? file.jobId() : null, parameters);
        parameters.add(file.afterId());
        parameters.add(file.lastId());
        String sql = "select r.res_id, h.content" + from + " and r.res_id > ? and r.res_id <= ?" + sinceClause(since, parameters) + " order by r.res_id";
        int[] lines = {0};
        readOnly.executeWithoutResult(status -> jdbc.query(sql, rs -> {
            String id = rs.getString(1);
            String json = rs.getString(2);
            try {
                // HAPI's encoder writes a resource on one line; a line break could only be whitespace between tokens
                out.write(json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json : json.replace("\r", "").replace("\n", ""));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String patient = Audits.patientOf(file.type(), id, json);
            if (patient != null) {
                patients.add(patient);
            }
            lines[0]++;
        }, parameters.toArray()));
        return lines[0];
    }

    /**
     * The from and where clauses selecting the versions at {@code at} of {@code type} (every resource, or those of the
     * members of job {@code membersOf} when it is not null), their parameters added to {@code parameters}.
     */
    private static String from(String type, Instant at, String membersOf, List<Object> parameters) {
        if (membersOf == null) {
            parameters.add(ExportJobStore.utc(at));
            parameters.add(ExportJobStore.utc(at));
            parameters.add(type);
            return AT;
        }
        parameters.add(type);
        parameters.add(ExportJobStore.utc(at));
        parameters.add(ExportJobStore.utc(at));
        parameters.add(membersOf);
        return "Patient".equals(type) ? MEMBER_PATIENTS : MEMBER_RESOURCES;
    }

    private static String sinceClause(Instant since, List<Object> parameters) {
        if (since == null) {
            return "";
        }
        parameters.add(ExportJobStore.utc(since));
        return " and h.last_updated > ?";
    }
}
