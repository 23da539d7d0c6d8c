package dk.rehab.adapter.notification;

import dk.rehab.adapter.course.CourseService;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sessions of the courses a stay put on hold, kept in step with the stay: every booked session that starts
 * during the stay (from the admission, until the discharge if there is one) is cancelled with the reason
 * {@code hospital-admission} — not the citizen's cancellation (no re-assessment mark), not a no-show, and a cancelled
 * session does not count against the package. A session cancelled so is booked again when it is still in the future
 * and no longer inside the stay: the admission was cancelled, or revised to start after it. Runs in the caller's transaction.
 */
@Component
public class SessionWindow {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final HospitalStays stays;
    private final CourseService courses;

    public SessionWindow(ResourceStore store, JdbcTemplate jdbc, HospitalStays stays, CourseService courses) {
        this.store = store;
        this.jdbc = jdbc;
        this.stays = stays;
        this.courses = courses;
    }

    /** Brings the sessions of {@code courseIds} in step with {@code stay}; returns how many were cancelled and restored. */
    public int[] apply(HospitalStays.Stay stay, List<String> courseIds) {
        int cancelled = 0;
        int restored = 0;
        if (courseIds.isEmpty()) {
            return new int[] {0, 0};
        }
        if (!"cancelled".equals(stay.status()) && stay.admittedAt() != null) {
            for (String courseId : courseIds) {
                List<Object> args = new ArrayList<>(List.of(courseId, stay.admittedAt().atOffset(ZoneOffset.UTC)));
                if (stay.dischargedAt() != null) {
                    args.add(stay.dischargedAt().atOffset(ZoneOffset.UTC));
                }
                for (String id : jdbc.queryForList("select res_id from session where course_id = ? and status = 'booked' and start_at >= ?"
                        + (stay.dischargedAt() != null ? " and start_at < ?" : "") + " order by start_at", String.class, args.toArray())) {
                    change(id, AppointmentStatus.CANCELLED);
                    stays.cancelled(stay.key(), id);
                    cancelled++;
                }
            }
        }
        Instant now = Instant.now();
        for (String id : stays.cancelledSessions(stay.key())) {
            OffsetDateTime start = jdbc.queryForList("select start_at from session where res_id = ? and status = 'cancelled' and cancel_reason = ?",
                    OffsetDateTime.class, id, Notifications.CANCEL_REASON).stream().findFirst().orElse(null);
            if (start == null) {
                stays.restored(stay.key(), id); // changed by the centre meanwhile: no longer the stay's
                continue;
            }
            boolean outside = "cancelled".equals(stay.status()) || stay.admittedAt() != null && start.toInstant().isBefore(stay.admittedAt());
            if (outside && start.toInstant().isAfter(now)) {
                change(id, AppointmentStatus.BOOKED);
                stays.restored(stay.key(), id);
                restored++;
            }
        }
        courseIds.forEach(courses::recount);
        return new int[] {cancelled, restored};
    }

    private void change(String id, AppointmentStatus status) {
        StoredResource current = store.currentForUpdate("Appointment", id).orElseThrow();
        Appointment session = store.parse(current, Appointment.class);
        session.setStatus(status);
        session.setCancelationReason(status == AppointmentStatus.CANCELLED ? new CodeableConcept(new Coding(Canonical.CS_CANCELLATION_REASONS,
                Notifications.CANCEL_REASON, "Borgeren er indlagt på hospitalet")) : null);
        Appointment stored = store.update(session, current.version()).orElseThrow(() ->
                new AdapterException(ErrorCode.VERSION_CONFLICT, "the session was changed by someone else meanwhile", null));
        jdbc.update("update session set status = ?, cancel_reason = ?, last_updated = ? where res_id = ?", status.toCode(),
                status == AppointmentStatus.CANCELLED ? Notifications.CANCEL_REASON : null,
                stored.getMeta().getLastUpdated().toInstant().atOffset(ZoneOffset.UTC), id);
    }
}
