package dk.rehab.adapter.message;

import dk.rehab.adapter.fhir.Canonical;

/** The codes and URLs of hospital messaging: MedCom's conventions and the adapter's own plan message definition. */
public final class Messaging {
    private Messaging() {
    }

    /** The adapter's event code system: MedCom has no event for the rehabilitation plan. */
    public static final String CS_EVENTS = Canonical.CS + "message-events";
    public static final String EVENT_PLAN = "rehabilitation-plan";
    public static final String MESSAGE_DEFINITION = Canonical.BASE + "/MessageDefinition/rehabilitation-plan";
    public static final String PROFILE_PLAN_MESSAGE = Canonical.SD + "rehab-plan-message";
    public static final String PROFILE_PLAN_MESSAGE_HEADER = Canonical.SD + "rehab-plan-message-header";

    public static final String MEDCOM_EVENTS = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes";
    public static final String MEDCOM_ACTIVITY = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes";
    public static final String MEDCOM_DESTINATION_USE_EXT = "http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension";
    public static final String MEDCOM_DESTINATION_USE = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse";
    public static final String MEDCOM_ACK = "http://medcomfhir.dk/ig/acknowledgement/StructureDefinition/medcom-messaging-acknowledgement";
    public static final String MEDCOM_ACK_HEADER = "http://medcomfhir.dk/ig/acknowledgement/StructureDefinition/medcom-messaging-acknowledgementHeader";
    public static final String MEDCOM_ACK_OUTCOME = "http://medcomfhir.dk/ig/acknowledgement/StructureDefinition/medcom-acknowledgement-operationoutcome";
    public static final String MEDCOM_PROVENANCE = "http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-provenance";
    public static final String MEDCOM_ORGANIZATION = "http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-organization";

    public static final String NEW_MESSAGE = "new-message";
    public static final String MODIFIED_MESSAGE = "modified-message";
    public static final String RETRACT_MESSAGE = "retract-message";

    /** Channels of {@code received_message}: the key of a message is unique per channel. */
    public static final String CHANNEL_FHIR = "fhir-message";
    public static final String CHANNEL_GGOP = "ggop";
}
