package dk.rehab.adapter.notification;

import dk.rehab.adapter.message.PlanMessage;
import org.hl7.fhir.r4.model.Encounter;

/**
 * One hospital notification as the adapter needs it. {@code message} carries what every message has (key, sender,
 * endpoints, the problems found, the body) for the shared acknowledgement and exactly-once path; its entries are empty.
 *
 * @param refersTo the MessageHeader.id of the earlier notification this one revises, cancels or follows (the stay), or null
 * @param cpr the citizen's CPR number (normalised), or null when the message has none
 * @param encounter the notification's Encounter (the stay as the hospital sees it now), or null when it has none
 * @param leave the leave period of the Encounter (MedCom's leave-period extension), or null
 */
public record HospitalNotification(PlanMessage message, Notifications.Activity activity, String refersTo, String cpr,
                                   Encounter encounter, org.hl7.fhir.r4.model.Period leave) {
}
