package dk.rehab.adapter.notification;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What an admission does, and its revision and cancellation. For a citizen with open courses (active or waitlist) the
 * admission puts each on hold, stores the stay as an Encounter the courses link to, cancels the sessions booked
 * during the stay ({@link SessionWindow}) and sends the hospital the citizen's current functional status
 * ({@link StatusToHospital}). A revision corrects the stay's dates and the sessions with them; a cancellation gives
 * the courses their status back and books the cancelled sessions that are still ahead again. A citizen the adapter
 * does not know, or without an open course, gets a stay (Encounter) and nothing else.
 */
@Component
public class AdmissionEffects {
    private final HospitalStays stays;
    private final StayEncounters encounters;
    private final CourseHold holds;
    private final SessionWindow sessions;
    private final StatusToHospital status;
    private final JdbcTemplate jdbc;

    public AdmissionEffects(HospitalStays stays, StayEncounters encounters, CourseHold holds, SessionWindow sessions,
                            StatusToHospital status, JdbcTemplate jdbc) {
        this.stays = stays;
        this.encounters = encounters;
        this.holds = holds;
        this.sessions = sessions;
        this.status = status;
        this.jdbc = jdbc;
    }

    /**
     * A new stay under the notification's key. {@code effective}: the notification is an admission (a later notification
     * of an unknown stay is kept, with no effect on courses).
     */
    public NotificationHandler.Handled admit(HospitalNotification notification, boolean effective) {
        String key = notification.message().messageKey();
        String patientId = jdbc.queryForList("select res_id from patient where cpr = ?", String.class, notification.cpr())
                .stream().findFirst().orElse(null);
        List<String[]> open = patientId == null || !effective ? new java.util.ArrayList<>() : new java.util.ArrayList<>(jdbc.query(
                "select res_id, status from course where patient_id = ? and status in ('active', 'waitlist') order by res_id",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}, patientId));
        if (patientId != null && effective) {
            // courses already on hold for a stay still open: this stay holds them too, until both have ended
            stays.heldByOpenStays(patientId).forEach(held -> open.add(new String[] {held.courseId(), held.statusBefore()}));
        }
        List<String> courseIds = open.stream().map(c -> c[0]).toList();
        Encounter encounter = encounters.create(notification, key, patientId, courseIds);
        String encounterId = encounter.getIdElement().getIdPart();
        Instant admitted = notification.encounter().getPeriod().getStart().toInstant();
        Instant discharged = notification.encounter().getPeriod().hasEnd() ? notification.encounter().getPeriod().getEnd().toInstant() : null;
        String sor = notification.message().sender().getIdentifier().stream()
                .filter(i -> dk.rehab.adapter.fhir.Canonical.SYSTEM_SOR.equals(i.getSystem())).map(i -> i.getValue()).findFirst().orElse(null);
        HospitalStays.Stay stay = new HospitalStays.Stay(key, sor, patientId, patientId == null ? notification.cpr() : null, encounterId,
                effective ? "admitted" : "unrelated", admitted, discharged, null);
        stays.insert(stay);
        if (!effective) {
            return new NotificationHandler.Handled(encounter, "the adapter knows no earlier notification of this stay: the notification "
                    + "is stored as Encounter/" + encounterId + " and changes nothing else");
        }
        if (courseIds.isEmpty()) {
            return new NotificationHandler.Handled(encounter, (patientId == null ? "the citizen is not known to the adapter"
                    : "the citizen has no open course") + ": the stay is stored as Encounter/" + encounterId + " and nothing else changed");
        }
        for (String[] course : open) {
            stays.hold(key, course[0], course[1]);
            holds.set(course[0], EpisodeOfCareStatus.ONHOLD, encounterId, null);
        }
        int[] changed = sessions.apply(stay, courseIds);
        DocumentReference sent = status.send(notification, key, patientId, encounterId);
        return new NotificationHandler.Handled(encounter, "the stay is stored as Encounter/" + encounterId + "; "
                + courseIds.stream().map(id -> "EpisodeOfCare/" + id).reduce((a, b) -> a + ", " + b).orElse("") + " on hold; "
                + changed[0] + " session(s) cancelled; " + (sent == null ? "no functional status recorded, none sent"
                : "the current functional status is sent as DocumentReference/" + sent.getIdElement().getIdPart()));
    }

    /** revise-admit-*: the stay's dates as the hospital now gives them; the sessions follow. */
    public NotificationHandler.Handled revise(HospitalStays.Stay stay, HospitalNotification notification) {
        Instant admitted = notification.encounter().getPeriod().getStart().toInstant();
        HospitalStays.Stay revised = stay.with(stay.status(), admitted, stay.dischargedAt(), stay.resumeDeadline());
        stays.update(revised);
        Encounter encounter = encounters.update(stay.encounterId(), notification);
        int[] changed = "cancelled".equals(stay.status()) || "unrelated".equals(stay.status()) ? new int[2]
                : sessions.apply(revised, courseIds(stay));
        return new NotificationHandler.Handled(encounter, "the admission was corrected; " + changed[0] + " session(s) cancelled, "
                + changed[1] + " booked again");
    }

    /** cancel-admit-*: the admission did not happen: the courses get their status back, future sessions are booked again. */
    public NotificationHandler.Handled cancel(HospitalStays.Stay stay, HospitalNotification notification) {
        HospitalStays.Stay cancelled = stay.with("cancelled", stay.admittedAt(), stay.dischargedAt(), null);
        stays.update(cancelled);
        Encounter encounter = encounters.update(stay.encounterId(), notification);
        for (HospitalStays.HeldCourse held : stays.courses(stay.key())) {
            holds.set(held.courseId(), stays.heldElsewhere(held.courseId(), stay.key()) ? EpisodeOfCareStatus.ONHOLD
                    : EpisodeOfCareStatus.fromCode(held.statusBefore()), stay.encounterId(), null);
        }
        int[] changed = sessions.apply(cancelled, courseIds(stay));
        StatusToHospital.Withdrawn withdrawn = status.withdraw(stay.key(), stay.patientId());
        return new NotificationHandler.Handled(encounter, "the admission was cancelled; the courses have their status back; "
                + changed[1] + " session(s) booked again" + switch (withdrawn) {
                    case NONE -> "";
                    case STOPPED -> "; the functional status was withdrawn before it was sent";
                    case ALREADY_DELIVERED -> "; the functional status already sent is marked entered-in-error (the hospital keeps its copy)";
                });
    }

    private List<String> courseIds(HospitalStays.Stay stay) {
        return stays.courses(stay.key()).stream().map(HospitalStays.HeldCourse::courseId).toList();
    }
}
