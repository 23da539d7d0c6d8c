package dk.rehab.adapter.notification;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The adapter's record of hospital stays ({@code hospital_stay} and its tables, V9). Runs in the caller's transaction. */
@Repository
public class HospitalStays {
    /** A stay: admitted, on-leave, discharged or cancelled. */
    public record Stay(String key, String senderSor, String patientId, String cpr, String encounterId, String status,
                       Instant admittedAt, Instant dischargedAt, LocalDate resumeDeadline) {
        Stay with(String newStatus, Instant admitted, Instant discharged, LocalDate deadline) {
            return new Stay(key, senderSor, patientId, cpr, encounterId, newStatus, admitted, discharged, deadline);
        }
    }

    /** A course the stay put on hold, with its status before. */
    public record HeldCourse(String courseId, String statusBefore) {
    }

    private static final RowMapper<Stay> ROW = (rs, n) -> new Stay(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), instant(rs.getObject(7, OffsetDateTime.class)), instant(rs.getObject(8, OffsetDateTime.class)),
            rs.getDate(9) == null ? null : rs.getDate(9).toLocalDate());
    private static final String COLUMNS = "stay_key, sender_sor, patient_id, cpr, encounter_id, status, admitted_at, discharged_at, resume_deadline";

    private final JdbcTemplate jdbc;

    public HospitalStays(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Stay> find(String key) {
        return jdbc.query("select " + COLUMNS + " from hospital_stay where stay_key = ?", ROW, key).stream().findFirst();
    }

    /** The stay an accepted notification belongs to. */
    public Optional<String> stayOf(String messageKey) {
        return jdbc.queryForList("select stay_key from hospital_notification where message_key = ?", String.class, messageKey)
                .stream().findFirst();
    }

    public void insert(Stay stay) {
        jdbc.update("insert into hospital_stay (" + COLUMNS + ", last_updated) values (?,?,?,?,?,?,?,?,?,?)", stay.key(), stay.senderSor(),
                stay.patientId(), stay.cpr(), stay.encounterId(), stay.status(), utc(stay.admittedAt()), utc(stay.dischargedAt()),
                stay.resumeDeadline() == null ? null : Date.valueOf(stay.resumeDeadline()), utc(Instant.now()));
    }

    public void update(Stay stay) {
        jdbc.update("update hospital_stay set status = ?, admitted_at = ?, discharged_at = ?, resume_deadline = ?, last_updated = ? "
                        + "where stay_key = ?", stay.status(), utc(stay.admittedAt()), utc(stay.dischargedAt()),
                stay.resumeDeadline() == null ? null : Date.valueOf(stay.resumeDeadline()), utc(Instant.now()), stay.key());
    }

    public void recordMessage(String messageKey, String stayKey, String activity) {
        jdbc.update("insert into hospital_notification (message_key, stay_key, activity, received) values (?,?,?,?)",
                messageKey, stayKey, activity, utc(Instant.now()));
    }

    public void hold(String stayKey, String courseId, String statusBefore) {
        jdbc.update("insert into hospital_stay_course (stay_key, course_id, status_before) values (?,?,?)", stayKey, courseId, statusBefore);
    }

    /**
     * The courses of {@code patientId} on hold for another stay that is still open (admitted or on leave), with the status
     * they had before it: a second admission (e.g. an acute ambulant stay followed by an inpatient one) holds them too.
     */
    public List<HeldCourse> heldByOpenStays(String patientId) {
        return jdbc.query("select hc.course_id, min(hc.status_before) from hospital_stay_course hc join hospital_stay hs on hs.stay_key = hc.stay_key "
                + "join course c on c.res_id = hc.course_id where hs.patient_id = ? and hs.status in ('admitted', 'on-leave') "
                + "and c.status = 'onhold' group by hc.course_id order by hc.course_id", (rs, n) -> new HeldCourse(rs.getString(1), rs.getString(2)), patientId);
    }

    /** Whether a stay other than {@code stayKey} that holds course {@code courseId} is still open (admitted or on leave). */
    public boolean heldElsewhere(String courseId, String stayKey) {
        Integer n = jdbc.queryForObject("select count(*) from hospital_stay_course hc join hospital_stay hs on hs.stay_key = hc.stay_key "
                + "where hc.course_id = ? and hc.stay_key <> ? and hs.status in ('admitted', 'on-leave')", Integer.class, courseId, stayKey);
        return n != null && n > 0;
    }

    public List<HeldCourse> courses(String stayKey) {
        return jdbc.query("select course_id, status_before from hospital_stay_course where stay_key = ? order by course_id",
                (rs, n) -> new HeldCourse(rs.getString(1), rs.getString(2)), stayKey);
    }

    public void cancelled(String stayKey, String sessionId) {
        jdbc.update("insert into hospital_stay_session (stay_key, session_id) values (?,?)", stayKey, sessionId);
    }

    public List<String> cancelledSessions(String stayKey) {
        return jdbc.queryForList("select session_id from hospital_stay_session where stay_key = ? order by session_id", String.class, stayKey);
    }

    public void restored(String stayKey, String sessionId) {
        jdbc.update("delete from hospital_stay_session where stay_key = ? and session_id = ?", stayKey, sessionId);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
