package dk.rehab.adapter.notification;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.message.FhirPlanMessages;
import dk.rehab.adapter.message.Messaging;
import dk.rehab.adapter.message.PlanMessage;
import dk.rehab.adapter.patient.Cpr;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Reads a MedCom hospital notification ({@code medcom-hospitalNotification-message}): MessageHeader event
 * {@code hospital-notification-message}, what happened in the activity of the Provenance whose target is the
 * MessageHeader (admit-inpatient, start-leave-inpatient, discharge-inpatient-home, … and their revise-/cancel-),
 * the earlier notification it follows in that Provenance's {@code entity.what}, the citizen (Patient with a CPR
 * number) and the stay (the Encounter in focus, its period and MedCom's leave-period extension). An activity that is
 * not a hospital notification's is answered, as every other problem, with a fatal-error acknowledgement (HTTP 200, stored,
 * the same answer again; {@code unknown-notification-event}, MedCom's MSG_VALUESET_VALUE_UNKNOWN), as plan messages answer
 * an activity they do not know. Only a body that cannot be acknowledged is an HTTP error ({@link FhirPlanMessages#parse}).
 */
@Component
public class HospitalNotificationReader {
    /** MedCom's extension on the Encounter: the current or last leave of the stay. */
    static final String MEDCOM_LEAVE = "http://medcomfhir.dk/ig/hospitalnotification/StructureDefinition/medcom-hospitalnotifiation-leave-period-extension";

    private final FhirPlanMessages messages;

    public HospitalNotificationReader(FhirPlanMessages messages) {
        this.messages = messages;
    }

    /** Whether a parsed message is a hospital notification (by its MessageHeader's event). */
    public static boolean isNotification(FhirPlanMessages.Parsed parsed) {
        Coding event = parsed.header().hasEventCoding() ? parsed.header().getEventCoding() : null;
        return event != null && Messaging.MEDCOM_EVENTS.equals(event.getSystem()) && Notifications.EVENT.equals(event.getCode());
    }

    public HospitalNotification read(FhirPlanMessages.Parsed parsed, byte[] body) {
        Bundle bundle = parsed.bundle();
        MessageHeader header = parsed.header();
        Problems problems = new Problems();
        String h = "Bundle.entry[" + FhirPlanMessages.indexOf(bundle, header) + "].resource";
        Provenance own = bundle.getEntry().stream().map(BundleEntryComponent::getResource).filter(Provenance.class::isInstance)
                .map(Provenance.class::cast).filter(p -> p.getTarget().stream().anyMatch(t -> FhirPlanMessages.find(bundle, t) == header))
                .findFirst().orElse(null);
        String p = own == null ? "Bundle.entry" : "Bundle.entry[" + FhirPlanMessages.indexOf(bundle, own) + "].resource";
        String code = own == null ? null : own.getActivity().getCoding().stream().filter(c -> Messaging.MEDCOM_ACTIVITY.equals(c.getSystem()))
                .map(Coding::getCode).findFirst().orElse(null);
        Notifications.Activity activity = Notifications.activity(code);
        if (own != null && activity == null) {
            problems.add(ErrorCode.UNKNOWN_NOTIFICATION_EVENT, "the notification's activity " + (code == null ? "is missing"
                    : "'" + code + "' is not a hospital notification event") + ": the adapter takes admit-inpatient, admit-emergency, "
                    + "start-leave-inpatient, end-leave-inpatient, discharge-inpatient-home, discharge-emergency-home and their revise- "
                    + "and cancel- events (" + Messaging.MEDCOM_ACTIVITY + ")", p + ".activity");
        }
        if (own == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a hospital notification holds a Provenance whose target is its MessageHeader "
                    + "and whose activity says what happened", "Bundle.entry");
        }
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            problems.add(ErrorCode.NOT_A_MESSAGE, "a hospital notification is a Bundle of type message", "Bundle.type");
        }
        if (bundle.getEntryFirstRep().getResource() != header) {
            problems.add(ErrorCode.NOT_A_MESSAGE, "the MessageHeader must be the first entry of a message", "Bundle.entry[0].resource");
        }
        Organization sender = FhirPlanMessages.organization(bundle, header.getSender(), h + ".sender", problems);
        MessageHeader.MessageDestinationComponent primary = header.getDestination().stream().filter(FhirPlanMessages::isPrimary)
                .findFirst().orElse(header.getDestination().isEmpty() ? null : header.getDestinationFirstRep());
        if (primary == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the notification needs a primary destination (this municipality)", h + ".destination");
        } else {
            String at = h + ".destination[" + header.getDestination().indexOf(primary) + "].receiver";
            Organization receiver = FhirPlanMessages.organization(bundle, primary.getReceiver(), at, problems);
            if (receiver != null && !messages.isUs(receiver)) {
                problems.add(ErrorCode.WRONG_RECEIVER, "the notification is addressed to another organisation than this municipality", at);
            }
        }
        Resource focus = header.hasFocus() ? FhirPlanMessages.find(bundle, header.getFocusFirstRep()) : null;
        Encounter encounter = focus instanceof Encounter e ? e : null;
        String e = encounter == null ? h + ".focus" : "Bundle.entry[" + FhirPlanMessages.indexOf(bundle, encounter) + "].resource";
        if (encounter == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the focus of a hospital notification is its Encounter (the stay)", h + ".focus");
        }
        String cpr = null;
        Period leave = null;
        if (encounter != null) {
            Resource subject = encounter.hasSubject() ? FhirPlanMessages.find(bundle, encounter.getSubject()) : null;
            if (!(subject instanceof Patient patient)) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the Encounter's subject must be a Patient entry of the message", e + ".subject");
            } else {
                String pAt = "Bundle.entry[" + FhirPlanMessages.indexOf(bundle, patient) + "].resource.identifier";
                String value = patient.getIdentifier().stream().filter(i -> Canonical.SYSTEM_CPR.equals(i.getSystem()))
                        .map(Identifier::getValue).filter(Objects::nonNull).findFirst().orElse(null);
                if (value == null) {
                    problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the citizen needs a CPR number (" + Canonical.SYSTEM_CPR + ")", pAt);
                } else if (Cpr.problem(value) != null) {
                    problems.add(ErrorCode.INVALID_CPR, Cpr.problem(value), pAt);
                } else {
                    cpr = Cpr.normalise(value);
                }
            }
            if (!encounter.hasStatus()) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the Encounter's status is required", e + ".status");
            }
            if (!encounter.getPeriod().hasStart()) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the Encounter's period.start (the admission) is required", e + ".period.start");
            }
            if (activity != null && activity.kind() == Notifications.Kind.DISCHARGE && activity.action() != Notifications.Action.CANCEL
                    && !encounter.getPeriod().hasEnd()) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a discharge gives the Encounter's period.end", e + ".period.end");
            }
            if (encounter.hasPeriod() && encounter.getPeriod().hasStart() && encounter.getPeriod().hasEnd()
                    && encounter.getPeriod().getEnd().before(encounter.getPeriod().getStart())) {
                problems.add(ErrorCode.INVALID_VALUE, "the stay ends before it starts", e + ".period");
            }
            if (encounter.getExtensionByUrl(MEDCOM_LEAVE) != null && encounter.getExtensionByUrl(MEDCOM_LEAVE).getValue() instanceof Period l) {
                leave = l;
            }
            if (activity != null && (activity.kind() == Notifications.Kind.START_LEAVE || activity.kind() == Notifications.Kind.END_LEAVE)
                    && activity.action() != Notifications.Action.CANCEL && (leave == null || !leave.hasStart())) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a leave notification gives the leave in the Encounter's extension "
                        + MEDCOM_LEAVE, e + ".extension");
            }
        }
        String refersTo = null;
        if (own != null) {
            refersTo = own.getEntity().stream().map(x -> FhirPlanMessages.messageId(x.getWhat())).filter(Objects::nonNull).findFirst().orElse(null);
            boolean follows = activity != null && (activity.action() != Notifications.Action.NEW || activity.kind() != Notifications.Kind.ADMIT);
            if (follows && refersTo == null) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a " + code + " names the notification it follows in entity.what", p + ".entity");
            }
        }
        String key = header.getIdElement().getIdPart();
        String bundleKey = bundle.getIdElement().hasIdPart() ? bundle.getIdElement().getIdPart() : null;
        if (key.length() > 64 || bundleKey != null && bundleKey.length() > 64) {
            throw new AdapterException(ErrorCode.INVALID_VALUE, "a FHIR id has at most 64 characters (the MessageHeader's and the Bundle's"
                    + " identify the message)", key.length() > 64 ? "Bundle.entry[0].resource.id" : "Bundle.id");
        }
        PlanMessage message = new PlanMessage(Messaging.CHANNEL_FHIR, key, bundleKey, key, sender, header.getSource().getEndpoint(),
                code, refersTo, null, List.of(), problems.list(), parsed.xml() ? "application/fhir+xml" : "application/fhir+json", body);
        return new HospitalNotification(message, activity, refersTo, cpr, encounter, leave);
    }
}
