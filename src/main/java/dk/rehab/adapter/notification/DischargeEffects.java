package dk.rehab.adapter.notification;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.plan.DanishCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.springframework.stereotype.Component;

/**
 * What a discharge does: the courses the stay put on hold get their status back (active, or waitlist) and go on the
 * work list "resume after admission" with a new contact deadline ({@code adapter.notifications.resume-contact-days} after
 * the discharge day), shown on the course ({@code hospital-stay.resumeContactDeadline}) and searchable
 * ({@code EpisodeOfCare?resume-after-admission=le{today}}). A revised discharge corrects the date and the deadline; a
 * cancelled discharge puts the courses on hold again and off the work list.
 */
@Component
public class DischargeEffects {
    private final HospitalStays stays;
    private final StayEncounters encounters;
    private final CourseHold holds;
    private final SessionWindow sessions;
    private final AdapterProperties.DayRule resumeContact;
    private final AdapterProperties properties;

    /**
     * {@code adapter.notifications.resume-contact-days} (default 4) and {@code adapter.notifications.resume-contact-kind}
     * ({@code calendar-days} or {@code working-days}): the new contact deadline after a discharge.
     */
    public DischargeEffects(HospitalStays stays, StayEncounters encounters, CourseHold holds, SessionWindow sessions, AdapterProperties properties,
                            @org.springframework.beans.factory.annotation.Value("${adapter.notifications.resume-contact-days:4}") int days,
                            @org.springframework.beans.factory.annotation.Value("${adapter.notifications.resume-contact-kind:calendar-days}") String kind) {
        this.stays = stays;
        this.encounters = encounters;
        this.holds = holds;
        this.sessions = sessions;
        this.properties = properties;
        this.resumeContact = new AdapterProperties.DayRule(days,
                AdapterProperties.DayKind.valueOf(kind.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
    }

    public NotificationHandler.Handled discharge(HospitalStays.Stay stay, HospitalNotification notification) {
        Encounter encounter = encounters.update(stay.encounterId(), notification);
        if (!stay.status().equals("admitted") && !stay.status().equals("on-leave") && !stay.status().equals("discharged")) {
            return new NotificationHandler.Handled(encounter, "the discharge was recorded; the stay is " + stay.status()
                    + ", so the courses are unchanged");
        }
        Instant discharged = notification.encounter().getPeriod().getEnd().toInstant();
        LocalDate deadline = DanishCalendar.add(discharged.atZone(properties.zone()).toLocalDate(), resumeContact);
        HospitalStays.Stay now = stay.with("discharged", notification.encounter().getPeriod().getStart().toInstant(), discharged, deadline);
        stays.update(now);
        List<HospitalStays.HeldCourse> held = stays.courses(stay.key());
        int stillHeld = 0;
        for (HospitalStays.HeldCourse course : held) {
            if (stays.heldElsewhere(course.courseId(), stay.key())) {
                stillHeld++;
                // another stay of the citizen is still open (e.g. admitted from the emergency ward): the course stays on hold
                holds.set(course.courseId(), EpisodeOfCareStatus.ONHOLD, stay.encounterId(), null);
                continue;
            }
            EpisodeOfCareStatus back = EpisodeOfCareStatus.fromCode(course.statusBefore());
            holds.set(course.courseId(), back, stay.encounterId(), deadline);
        }
        sessions.apply(now, held.stream().map(HospitalStays.HeldCourse::courseId).toList());
        return new NotificationHandler.Handled(encounter, held.isEmpty() ? "the discharge was recorded; no course was on hold"
                : stillHeld == held.size() ? "the discharge was recorded; the courses stay on hold: another stay of the citizen is still open"
                : "the discharge was recorded; the courses are resumed and on the work list resume-after-admission (contact by " + deadline + ")"
                + (stillHeld > 0 ? "; " + stillHeld + " stay on hold for another open stay" : ""));
    }

    public NotificationHandler.Handled cancel(HospitalStays.Stay stay, HospitalNotification notification) {
        Encounter encounter = encounters.update(stay.encounterId(), notification);
        if (!"discharged".equals(stay.status())) {
            return new NotificationHandler.Handled(encounter, "the cancelled discharge was recorded; the stay was not discharged");
        }
        HospitalStays.Stay now = stay.with("admitted", stay.admittedAt(), null, null);
        stays.update(now);
        List<HospitalStays.HeldCourse> held = stays.courses(stay.key());
        for (HospitalStays.HeldCourse course : held) {
            holds.set(course.courseId(), EpisodeOfCareStatus.ONHOLD, stay.encounterId(), null);
        }
        sessions.apply(now, held.stream().map(HospitalStays.HeldCourse::courseId).toList());
        return new NotificationHandler.Handled(encounter, "the discharge was cancelled; the courses are on hold again");
    }
}
