package dk.rehab.adapter.export;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code export_job} and {@code export_file} tables (V17) and a group job's {@code export_job_member} (V34): the
 * durable state of bulk export jobs.
 */
@Repository
public class ExportJobStore {
    private static final String COLUMNS = "id, owner, level, types, since, request_url, base_url, status, progress, transaction_time, "
            + "submitted, finished, expires, error, manifest, group_id, by_members";
    private final JdbcTemplate jdbc;

    public ExportJobStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ExportJob job) {
        jdbc.update("insert into export_job (id, owner, level, types, since, request_url, base_url, status, progress, submitted, heartbeat, group_id, by_members) "
                        + "values (?,?,?,?,?,?,?,?,?,?,?,?,?)", job.id(), job.owner(), job.level().code(), String.join(",", job.types()),
                utc(job.since()), job.requestUrl(), job.baseUrl(), job.status().code(), job.progress(), utc(job.submitted()), utc(job.submitted()),
                job.group(), job.byMembers());
    }

    /** The Patients (ids) a group job exports, fixed at kick-off. */
    void addMembers(String jobId, java.util.Collection<String> patientIds) {
        jdbc.batchUpdate("insert into export_job_member (job_id, patient_id) values (?,?)",
                patientIds.stream().distinct().map(p -> new Object[] {jobId, p}).toList());
    }

    /** The Patients (ids) of group job {@code jobId}, as fixed at kick-off. */
    List<String> members(String jobId) {
        return jdbc.queryForList("select patient_id from export_job_member where job_id = ? order by patient_id", String.class, jobId);
    }

    public Optional<ExportJob> find(String id) {
        return jdbc.query("select " + COLUMNS + " from export_job where id = ?", ExportJobStore::job, id).stream().findFirst();
    }

    /** Marks a queued job running from {@code transactionTime}; false when it is gone (cancelled). */
    boolean start(String id, Instant transactionTime) {
        return jdbc.update("update export_job set status = 'running', transaction_time = ?, heartbeat = ? where id = ? and status = 'queued'",
                utc(transactionTime), utc(Instant.now()), id) == 1;
    }

    /** Records progress of a running job; false when it is gone (cancelled) or no longer running. */
    boolean progress(String id, String progress) {
        return jdbc.update("update export_job set progress = ?, heartbeat = ? where id = ? and status = 'running'",
                progress, utc(Instant.now()), id) == 1;
    }

    boolean addFile(ExportFile file) {
        return 1 == jdbc.update("insert into export_file (job_id, file_no, res_type, after_id, last_id, line_count) values (?,?,?,?,?,?)",
                file.jobId(), file.number(), file.type(), file.afterId(), file.lastId(), file.count());
    }

    boolean complete(String id, String manifest, Instant finished, Instant expires, String progress) {
        return jdbc.update("update export_job set status = 'completed', manifest = ?, finished = ?, expires = ?, progress = ?, heartbeat = ? "
                + "where id = ? and status = 'running'", manifest, utc(finished), utc(expires), progress, utc(finished), id) == 1;
    }

    void fail(String id, String error, Instant expires) {
        Instant now = Instant.now();
        jdbc.update("update export_job set status = 'failed', error = ?, finished = ?, expires = ?, heartbeat = ? where id = ? and status in ('queued', 'running')",
                error, utc(now), utc(expires), utc(now), id);
        jdbc.update("delete from export_file where job_id = ?", id);
        jdbc.update("delete from export_job_member where job_id = ?", id);
    }

    /** Forgets a job and its files (cancelled, or expired); false when there was none. */
    boolean delete(String id) {
        // the job row first: it waits for a worker writing the job's files, whose rows are then seen and deleted too
        boolean deleted = jdbc.update("delete from export_job where id = ?", id) == 1;
        jdbc.update("delete from export_file where job_id = ?", id);
        jdbc.update("delete from export_job_member where job_id = ?", id);
        return deleted;
    }

    List<ExportFile> files(String jobId) {
        return jdbc.query("select job_id, file_no, res_type, after_id, last_id, line_count from export_file where job_id = ? order by file_no",
                ExportJobStore::file, jobId);
    }

    public Optional<ExportFile> file(String jobId, int number) {
        return jdbc.query("select job_id, file_no, res_type, after_id, last_id, line_count from export_file where job_id = ? and file_no = ?",
                ExportJobStore::file, jobId, number).stream().findFirst();
    }

    /** Keeps the heartbeat of the jobs this instance holds (queued in its executor or running) fresh. */
    void beat(List<String> ids) {
        if (!ids.isEmpty()) {
            OffsetDateTime now = utc(Instant.now());
            jdbc.batchUpdate("update export_job set heartbeat = ? where id = ? and status in ('queued', 'running')",
                    ids.stream().map(id -> new Object[] {now, id}).toList());
        }
    }

    /** Queued or running jobs whose instance stopped beating before {@code limit}: it stopped (or was killed). */
    List<String> stale(Instant limit) {
        return jdbc.queryForList("select id from export_job where status in ('queued', 'running') and heartbeat < ?", String.class, utc(limit));
    }

    List<String> expired(Instant now) {
        return jdbc.queryForList("select id from export_job where expires is not null and expires < ?", String.class, utc(now));
    }

    private static ExportJob job(ResultSet rs, int n) throws SQLException {
        String error = rs.getString(14);
        return new ExportJob(rs.getString(1), rs.getString(2), ExportLevel.of(rs.getString(3)), Arrays.asList(rs.getString(4).split(",")),
                instant(rs, 5), rs.getString(6), rs.getString(7), ExportJob.Status.valueOf(rs.getString(8).toUpperCase(java.util.Locale.ROOT)),
                rs.getString(9), instant(rs, 10), instant(rs, 11), instant(rs, 12), instant(rs, 13), error, rs.getString(15), rs.getString(16), rs.getBoolean(17));
    }

    private static ExportFile file(ResultSet rs, int n) throws SQLException {
        return new ExportFile(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
