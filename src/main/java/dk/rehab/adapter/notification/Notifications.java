package dk.rehab.adapter.notification;

import dk.rehab.adapter.fhir.Canonical;
import java.util.Set;

/** The codes and URLs of MedCom HospitalNotification 3.0.2 and of the adapter's records of hospital stays. */
public final class Notifications {
    private Notifications() {
    }

    /** MessageHeader.eventCoding of every hospital notification; what happened is the Provenance's activity. */
    public static final String EVENT = "hospital-notification-message";
    public static final String PROFILE_MESSAGE = "http://medcomfhir.dk/ig/hospitalnotification/StructureDefinition/medcom-hospitalNotification-message";

    /** The activities (medcom-messaging-activityCodes) of the package's value set hospitalNotification-messageActivities. */
    public static final Set<String> BASE_ACTIVITIES = Set.of("admit-inpatient", "admit-emergency", "start-leave-inpatient",
            "end-leave-inpatient", "discharge-inpatient-home", "discharge-emergency-home");

    /** The adapter's copy of the hospital's Encounter: one per stay, updated by each notification of the stay. */
    public static final String PROFILE_STAY = Canonical.SD + "rehab-hospital-stay";
    /** Encounter.identifier of a stay: the MessageHeader.id of the notification that admitted the citizen. */
    public static final String SYSTEM_STAY = Canonical.BASE + "/hospital-stay";
    /** The leave periods of a stay (MedCom's leave-period extension as the adapter keeps it). */
    public static final String EXT_LEAVE = Canonical.SD + "hospital-leave";
    /** On a course: the hospital stay that put it on hold, and after discharge the new contact deadline (the work list). */
    public static final String EXT_STAY = Canonical.SD + "hospital-stay";
    /** The DocumentReference carrying the citizen's current FSIII functional status to the admitting hospital. */
    public static final String PROFILE_STATUS_TO_HOSPITAL = Canonical.SD + "rehab-admission-functional-status";
    /** masterIdentifier system of that document (its value: the stay's key), the receiver's idempotency key. */
    public static final String SYSTEM_STATUS_TO_HOSPITAL = Canonical.BASE + "/admission-functional-status";
    /** The cancellation reason (session-cancellation-reasons) of sessions cancelled because the citizen is in hospital. */
    public static final String CANCEL_REASON = "hospital-admission";
    /** recipient_kind of the delivery rows of the status to the hospital. */
    public static final String DELIVERY_KIND = "admission";

    /** What an activity is about, whatever its revise-/cancel- prefix. */
    public enum Kind { ADMIT, START_LEAVE, END_LEAVE, DISCHARGE }

    /** new (the event itself), revise (correct it) or cancel (undo it). */
    public enum Action { NEW, REVISE, CANCEL }

    public record Activity(String code, Kind kind, Action action) {
    }

    /** The activity of a code, or null when it is not one of the package's hospital notification activities. */
    public static Activity activity(String code) {
        if (code == null) {
            return null;
        }
        Action action = code.startsWith("revise-") ? Action.REVISE : code.startsWith("cancel-") ? Action.CANCEL : Action.NEW;
        String base = action == Action.NEW ? code : code.substring(code.indexOf('-') + 1);
        if (!BASE_ACTIVITIES.contains(base)) {
            return null;
        }
        Kind kind = base.startsWith("admit-") ? Kind.ADMIT : base.startsWith("start-leave") ? Kind.START_LEAVE
                : base.startsWith("end-leave") ? Kind.END_LEAVE : Kind.DISCHARGE;
        return new Activity(code, kind, action);
    }
}
