package dk.rehab.adapter.notification;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A course's status while its citizen is in hospital: {@code onhold} from the admission, back to what it was at
 * discharge or when the admission is cancelled, each change in statusHistory. The course links to the stay's
 * Encounter with the extension {@code hospital-stay} ({@code encounter}; after discharge also
 * {@code resumeContactDeadline}, the work list "resume after admission"). Runs in the caller's transaction.
 */
@Component
public class CourseHold {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;

    public CourseHold(ResourceStore store, JdbcTemplate jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /** Sets the course's status (if it differs) and its link to the stay; {@code deadline} null removes the contact deadline. */
    public void set(String courseId, EpisodeOfCareStatus status, String encounterId, LocalDate deadline) {
        StoredResource current = store.currentForUpdate("EpisodeOfCare", courseId).orElseThrow();
        EpisodeOfCare course = store.parse(current, EpisodeOfCare.class);
        if (course.getStatus() == EpisodeOfCareStatus.FINISHED || course.getStatus() == EpisodeOfCareStatus.CANCELLED) {
            return; // closed meanwhile by the centre: a notification does not reopen it
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (course.getStatus() != status) {
            if (!course.getStatusHistory().isEmpty()) {
                course.getStatusHistory().get(course.getStatusHistory().size() - 1).getPeriod().setEndElement(new DateTimeType(Date.from(now)));
            }
            course.addStatusHistory().setStatus(status).setPeriod(new Period().setStartElement(new DateTimeType(Date.from(now))));
            course.setStatus(status);
        }
        String reference = "Encounter/" + encounterId;
        course.getExtension().removeIf(e -> Notifications.EXT_STAY.equals(e.getUrl()) && e.getExtensionByUrl("encounter") != null
                && e.getExtensionByUrl("encounter").getValue() instanceof Reference r && reference.equals(r.getReference()));
        Extension stay = course.addExtension().setUrl(Notifications.EXT_STAY);
        stay.addExtension("encounter", new Reference(reference));
        if (deadline != null) {
            stay.addExtension("resumeContactDeadline", new DateType(deadline.toString()));
        }
        EpisodeOfCare stored = store.update(course, current.version()).orElseThrow(() ->
                new AdapterException(ErrorCode.VERSION_CONFLICT, "the course was changed by someone else meanwhile", null));
        jdbc.update("update course set status = ?, last_updated = ? where res_id = ?", stored.getStatus().toCode(),
                stored.getMeta().getLastUpdated().toInstant().atOffset(ZoneOffset.UTC), courseId);
    }

    /** The course's status now, or null when there is no such course. */
    public String status(String courseId) {
        return jdbc.queryForList("select status from course where res_id = ?", String.class, courseId).stream().findFirst().orElse(null);
    }
}
