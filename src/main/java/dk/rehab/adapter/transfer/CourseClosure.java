package dk.rehab.adapter.transfer;

import dk.rehab.adapter.course.CourseService;
import dk.rehab.adapter.course.SessionService;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.store.ResourceStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Extension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Closes the municipal course of a transferred plan through the course and session rules, in the caller's
 * transaction: every booked session from now on is cancelled (reason {@code transferred}), then the course ends —
 * an active course is finished (which, as every finished course, produces its final status), a planned or
 * wait-listed one, never started, is cancelled — with the end reason KL's "Hændelse medfører ophør" and the adapter's
 * {@code free-choice} or {@code moved}.
 */
@Component
class CourseClosure {
    private final JdbcTemplate jdbc;
    private final ResourceStore store;
    private final CourseService courses;
    private final SessionService sessions;

    CourseClosure(JdbcTemplate jdbc, ResourceStore store, CourseService courses, SessionService sessions) {
        this.jdbc = jdbc;
        this.store = store;
        this.courses = courses;
        this.sessions = sessions;
    }

    /** The plan's open course, if any. */
    Optional<String> openCourse(String planId) {
        return jdbc.queryForList("select res_id from course where plan_id = ? and open_key is not null", String.class, planId)
                .stream().findFirst();
    }

    /** Whether the plan has a course that is finished or cancelled. */
    boolean hasClosedCourse(String planId) {
        Integer n = jdbc.queryForObject("select count(*) from course where plan_id = ? and status in ('finished', 'cancelled')",
                Integer.class, planId);
        return n != null && n > 0;
    }

    /** Cancels the course's future sessions and ends the course; {@code ownReason} is free-choice or moved. */
    void close(String courseId, String ownReason, Instant now) {
        List<String> future = jdbc.queryForList("select res_id from session where course_id = ? and status = 'booked' and start_at >= ? "
                + "order by start_at", String.class, courseId, now.atOffset(ZoneOffset.UTC));
        for (String id : future) {
            Appointment session = store.read(Appointment.class, id).copy();
            session.setStatus(Appointment.AppointmentStatus.CANCELLED);
            session.setCancelationReason(new CodeableConcept(new Coding(Canonical.CS_CANCELLATION_REASONS, "transferred",
                    "Aflyst: borgeren er overdraget til en anden leverandør eller kommune")));
            session.getMeta().setVersionId(null);
            sessions.update(id, session, null);
        }
        EpisodeOfCare course = store.read(EpisodeOfCare.class, courseId).copy();
        course.setStatus(course.getStatus() == EpisodeOfCareStatus.ACTIVE ? EpisodeOfCareStatus.FINISHED : EpisodeOfCareStatus.CANCELLED);
        course.getExtension().removeIf(e -> Canonical.EXT_COURSE_END_REASON.equals(e.getUrl()));
        String display = dk.rehab.adapter.course.CourseCodes.OWN_END_REASONS.get(ownReason);
        course.addExtension(new Extension(Canonical.EXT_COURSE_END_REASON, new CodeableConcept()
                .addCoding(new Coding(Canonical.CS_COURSE_END_REASONS, ownReason, display))
                .addCoding(new Coding(Canonical.CS_CARE_SOCIAL, Canonical.END_REASON_EVENT, "Hændelse medfører ophør"))
                .setText(display)));
        course.getMeta().setVersionId(null);
        courses.update(courseId, course, courses.checkAndResolve(course, "EpisodeOfCare", WriteScope.single()), null);
    }
}
