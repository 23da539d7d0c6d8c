package dk.rehab.adapter.support;

import dk.rehab.adapter.fhir.Canonical;
import java.time.LocalDate;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/** FHIR plan messages written for this project's tests, MedCom style (absolute fullUrls, relative references). */
public final class Messages {
    public static final String EVENTS = "http://rehab-adapter.dk/fhir/CodeSystem/message-events";
    public static final String ACTIVITY = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes";
    public static final String HOSPITAL_BASE = "https://hospital.example/fhir";
    /** The municipality the test application is configured as (the adapter's defaults). */
    public static final String OUR_SOR = "953741000016009";
    public static final String OUR_EAN = "5790000121441";
    public static final String HOSPITAL_SOR = "446791000016008";
    public static final String HOSPITAL_EAN = Plans.gln("579000135414");

    private Messages() {
    }

    /** A new-message with a fresh plan for {@code cpr}. */
    public static Bundle newPlan(String cpr, LocalDate discharge) {
        return message(cpr, discharge, "new-message", null);
    }

    /** A message with {@code activity}; {@code refersTo} is the MessageHeader.id it corrects or withdraws. */
    public static Bundle message(String cpr, LocalDate discharge, String activity, String refersTo) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE).setTimestamp(new Date());
        bundle.setId(UUID.randomUUID().toString());
        Organization hospital = org(UUID.randomUUID().toString(), HOSPITAL_SOR, HOSPITAL_EAN, "Testhospitalet, Ortopædkirurgisk Afdeling");
        Organization us = org(UUID.randomUUID().toString(), OUR_SOR, OUR_EAN, "Genoptræningen");
        Patient patient = Plans.patient(cpr);
        patient.setId(UUID.randomUUID().toString());
        Condition condition = Plans.diagnosis("Patient/" + patient.getIdPart(), "DS720");
        condition.setId(UUID.randomUUID().toString());
        ServiceRequest plan = Plans.plan("Patient/" + patient.getIdPart(), "Organization/" + hospital.getIdPart(), discharge);
        plan.setId(UUID.randomUUID().toString());
        plan.addReasonReference(new Reference("Condition/" + condition.getIdPart()));
        plan.addPerformer(new Reference("Organization/" + us.getIdPart()));

        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        header.setEvent(new Coding(EVENTS, "rehabilitation-plan", "Genoptræningsplan"));
        MessageHeader.MessageDestinationComponent destination = header.addDestination();
        destination.addExtension("http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension",
                new Coding("http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse", "primary", null));
        destination.setEndpoint("https://sor2.sum.dsdn.dk/#id=" + OUR_SOR);
        destination.setReceiver(new Reference("Organization/" + us.getIdPart()));
        header.setSender(new Reference("Organization/" + hospital.getIdPart()));
        header.getSource().setEndpoint("https://sor2.sum.dsdn.dk/#id=" + HOSPITAL_SOR);
        header.addFocus(new Reference("ServiceRequest/" + plan.getIdPart()));

        Provenance provenance = new Provenance();
        provenance.setId(UUID.randomUUID().toString());
        provenance.addTarget(new Reference("MessageHeader/" + header.getIdPart()));
        provenance.setOccurred(new DateTimeType(new Date()));
        provenance.setRecorded(new Date());
        provenance.getActivity().addCoding(new Coding(ACTIVITY, activity, null));
        provenance.addAgent().setWho(new Reference("Organization/" + hospital.getIdPart()));
        if (refersTo != null) {
            provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.REVISION)
                    .setWhat(new Reference("MessageHeader/" + refersTo));
        }
        for (Resource r : new Resource[] {header, provenance, hospital, us, patient, condition, plan}) {
            bundle.addEntry().setFullUrl(HOSPITAL_BASE + "/" + r.fhirType() + "/" + r.getIdPart()).setResource(r);
        }
        return bundle;
    }

    public static Organization org(String id, String sor, String ean, String name) {
        Organization org = Plans.hospital(sor, null);
        org.addIdentifier().setSystem(Canonical.SYSTEM_GLN_HTTPS).setValue(ean);
        org.setName(name);
        org.setId(id);
        return org;
    }

    public static MessageHeader header(Bundle message) {
        return (MessageHeader) message.getEntryFirstRep().getResource();
    }

    public static ServiceRequest plan(Bundle message) {
        return message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(ServiceRequest.class::isInstance)
                .map(ServiceRequest.class::cast).findFirst().orElseThrow();
    }

    public static Patient patient(Bundle message) {
        return message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Patient.class::isInstance)
                .map(Patient.class::cast).findFirst().orElseThrow();
    }

    /** The acknowledgement's MessageHeader. */
    public static MessageHeader ackHeader(Bundle ack) {
        return (MessageHeader) ack.getEntryFirstRep().getResource();
    }

    /** The OperationOutcome of an acknowledgement, or null. */
    public static org.hl7.fhir.r4.model.OperationOutcome ackOutcome(Bundle ack) {
        return ack.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(org.hl7.fhir.r4.model.OperationOutcome.class::isInstance)
                .map(org.hl7.fhir.r4.model.OperationOutcome.class::cast).findFirst().orElse(null);
    }

    /** The plan id an ok acknowledgement names. */
    public static String acceptedPlanId(Bundle ack) {
        return ackOutcome(ack).getIssueFirstRep().getDetails().getText().substring("ServiceRequest/".length());
    }

    /** Our error codes (details.text) of an acknowledgement's issues. */
    public static java.util.List<String> errorCodes(Bundle ack) {
        var outcome = ackOutcome(ack);
        return outcome == null ? java.util.List.of() : outcome.getIssue().stream().map(i -> i.getDetails().getText()).toList();
    }
}
