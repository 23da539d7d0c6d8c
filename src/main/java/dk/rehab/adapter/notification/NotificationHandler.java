package dk.rehab.adapter.notification;

import dk.rehab.adapter.notification.Notifications.Action;
import dk.rehab.adapter.notification.Notifications.Kind;
import java.util.Optional;
import org.hl7.fhir.r4.model.Encounter;
import org.springframework.stereotype.Component;

/**
 * Routes an accepted hospital notification by its activity: an admission opens a stay ({@link AdmissionEffects}); every
 * other notification belongs to the stay of the notification it names (Provenance.entity.what) and changes the stay as
 * its activity says: leave is recorded on the Encounter, a discharge resumes the courses ({@link DischargeEffects}),
 * revise- corrects and cancel- undoes what the original did. A notification of a stay the adapter never saw (or whose
 * citizen had no open course) is kept as a stay of its own and changes nothing else. Runs in the caller's transaction.
 */
@Component
public class NotificationHandler {
    /** What a notification did: the stay's Encounter now, and a sentence for the acknowledgement. */
    public record Handled(Encounter encounter, String summary) {
    }

    private final HospitalStays stays;
    private final AdmissionEffects admissions;
    private final DischargeEffects discharges;
    private final StayEncounters encounters;

    public NotificationHandler(HospitalStays stays, AdmissionEffects admissions, DischargeEffects discharges, StayEncounters encounters) {
        this.stays = stays;
        this.admissions = admissions;
        this.discharges = discharges;
        this.encounters = encounters;
    }

    public Handled handle(HospitalNotification notification) {
        Notifications.Activity activity = notification.activity();
        String key = notification.message().messageKey();
        Optional<HospitalStays.Stay> earlier = notification.refersTo() == null ? Optional.empty()
                : stays.stayOf(notification.refersTo()).flatMap(stays::find);
        Handled handled;
        if (activity.kind() == Kind.ADMIT && activity.action() == Action.NEW || earlier.isEmpty()) {
            handled = admissions.admit(notification, activity.kind() == Kind.ADMIT && activity.action() == Action.NEW);
            stays.recordMessage(key, key, activity.code());
            return handled;
        }
        HospitalStays.Stay stay = earlier.get();
        handled = switch (activity.kind()) {
            case ADMIT -> activity.action() == Action.CANCEL ? admissions.cancel(stay, notification) : admissions.revise(stay, notification);
            case START_LEAVE -> leave(stay, notification, activity.action() == Action.CANCEL ? "admitted" : "on-leave");
            case END_LEAVE -> leave(stay, notification, activity.action() == Action.CANCEL ? "on-leave" : "admitted");
            case DISCHARGE -> activity.action() == Action.CANCEL ? discharges.cancel(stay, notification) : discharges.discharge(stay, notification);
        };
        stays.recordMessage(key, stay.key(), activity.code());
        return handled;
    }

    private Handled leave(HospitalStays.Stay stay, HospitalNotification notification, String status) {
        if (!"admitted".equals(stay.status()) && !"on-leave".equals(stay.status())) {
            return new Handled(encounters.update(stay.encounterId(), notification), "the leave was recorded on the stay; the stay is "
                    + stay.status() + ", so the courses are unchanged");
        }
        stays.update(stay.with(status, stay.admittedAt(), stay.dischargedAt(), stay.resumeDeadline()));
        return new Handled(encounters.update(stay.encounterId(), notification), "on-leave".equals(status)
                ? "the leave was recorded on the stay; the courses stay on hold" : "the end of the leave was recorded on the stay");
    }
}
