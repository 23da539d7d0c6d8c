package dk.rehab.adapter.transfer;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.message.FhirPlanMessages;
import dk.rehab.adapter.message.Messaging;
import dk.rehab.adapter.message.PlanMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * Reads a plan transfer message another municipality's adapter sends ({@code rehab-transfer-message}, the message
 * {@link TransferMessageMapper} writes) into a {@link PlanMessage} the plan messages' intake stores exactly once: the
 * MessageHeader first with event {@code message-events#rehabilitation-plan-transfer}, the sending municipality as an
 * Organization of the message (SOR id and GLN), the receiver this municipality (by SOR id, GLN or municipality code), the
 * focus the one ServiceRequest. The plan is stored as a new plan of this municipality: its requester stays the hospital
 * that wrote it, its performer is this municipality as configured (whatever identifiers the sender knew it by), and it
 * carries {@code transferred-from} → the sending municipality. A message that is not FHIR or has no MessageHeader with an
 * id is refused with HTTP 400 before this; every other problem becomes a fatal-error acknowledgement, as for plan messages.
 */
@Component
public class TransferMessageReader {
    private static final Set<String> PLAN_TYPES = Set.of("Patient", "Organization", "Condition", "ServiceRequest");

    private final FhirPlanMessages messages;
    private final AdapterProperties.Messaging us;

    public TransferMessageReader(FhirPlanMessages messages, AdapterProperties properties) {
        this.messages = messages;
        this.us = properties.messaging();
    }

    /** Whether a parsed message is a plan transfer (by its MessageHeader's event). */
    public static boolean isTransfer(FhirPlanMessages.Parsed parsed) {
        Coding event = parsed.header().hasEventCoding() ? parsed.header().getEventCoding() : null;
        return event != null && Messaging.CS_EVENTS.equals(event.getSystem()) && TransferMessageMapper.EVENT.equals(event.getCode());
    }

    public PlanMessage read(FhirPlanMessages.Parsed parsed, byte[] body) {
        Bundle bundle = parsed.bundle();
        MessageHeader header = parsed.header();
        Problems problems = new Problems();
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            problems.add(ErrorCode.NOT_A_MESSAGE, "a plan transfer is a Bundle of type message", "Bundle.type");
        }
        if (bundle.getEntryFirstRep().getResource() != header) {
            problems.add(ErrorCode.NOT_A_MESSAGE, "the MessageHeader must be the first entry of a message", "Bundle.entry[0].resource");
        }
        String h = "Bundle.entry[" + FhirPlanMessages.indexOf(bundle, header) + "].resource";
        Organization sender = FhirPlanMessages.organization(bundle, header.getSender(), h + ".sender", problems);
        Organization receiver = null;
        if (header.getDestination().isEmpty()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the transfer needs a destination (this municipality)", h + ".destination");
        } else {
            MessageHeader.MessageDestinationComponent primary = header.getDestination().stream().filter(FhirPlanMessages::isPrimary)
                    .findFirst().orElse(header.getDestinationFirstRep());
            String at = h + ".destination[" + header.getDestination().indexOf(primary) + "].receiver";
            Resource found = FhirPlanMessages.find(bundle, primary.getReceiver());
            if (!(found instanceof Organization org)) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "must reference an Organization entry of the message", at);
            } else if (!isUs(org)) {
                problems.add(ErrorCode.WRONG_RECEIVER, "the transfer is addressed to another organisation than this municipality (SOR "
                        + us.sor() + ", municipality code " + us.municipality() + ")", at);
            } else {
                receiver = org;
            }
        }
        Resource focus = header.hasFocus() ? FhirPlanMessages.find(bundle, header.getFocusFirstRep()) : null;
        if (!header.hasFocus()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the focus of a plan transfer is its ServiceRequest", h + ".focus");
        } else if (!(focus instanceof ServiceRequest)) {
            problems.add(ErrorCode.INVALID_REFERENCE, "the focus must be a ServiceRequest entry of the message", h + ".focus[0]");
        }
        String senderUrl = null;
        List<PlanMessage.Entry> entries = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
            Resource resource = entry.getResource();
            String at = "Bundle.entry[" + i + "].resource";
            if (resource == null) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "every entry needs a resource", at);
            } else if (PLAN_TYPES.contains(resource.fhirType())) {
                Resource written = resource;
                if (resource == receiver) {
                    written = asConfigured(receiver);
                } else if (resource instanceof ServiceRequest plan && resource == focus) {
                    written = dk.rehab.adapter.fhir.ClientCopies.copy(plan, at); // a value its datatype refuses: 422, not a fault
                }
                if (resource == sender) {
                    senderUrl = entry.hasFullUrl() ? entry.getFullUrl() : "Organization/" + resource.getIdElement().getIdPart();
                }
                entries.add(new PlanMessage.Entry(entry.getFullUrl(), written, at));
            } else if (!(resource instanceof MessageHeader) && !(resource instanceof Provenance)) {
                problems.add(ErrorCode.INVALID_VALUE, "a plan transfer holds MessageHeader, Patient, Organization, Condition and ServiceRequest, not "
                        + resource.fhirType(), at);
            }
        }
        if (entries.stream().filter(e -> e.resource() instanceof ServiceRequest).count() > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a plan transfer carries one plan (ServiceRequest)", "Bundle.entry");
        }
        for (PlanMessage.Entry entry : entries) {
            if (entry.resource() instanceof ServiceRequest plan) {
                plan.getExtension().removeIf(e -> Canonical.EXT_TRANSFERRED_FROM.equals(e.getUrl()));
                if (senderUrl != null) {
                    plan.addExtension(Canonical.EXT_TRANSFERRED_FROM, new Reference(senderUrl).setDisplay(sender.getName()));
                }
            }
        }
        String key = header.getIdElement().getIdPart();
        String bundleKey = bundle.getIdElement().hasIdPart() ? bundle.getIdElement().getIdPart() : null;
        if (key.length() > 64 || bundleKey != null && bundleKey.length() > 64) {
            throw new AdapterException(ErrorCode.INVALID_VALUE, "a FHIR id has at most 64 characters (the MessageHeader's and the Bundle's"
                    + " identify the message)", key.length() > 64 ? "Bundle.entry[0].resource.id" : "Bundle.id");
        }
        return new PlanMessage(Messaging.CHANNEL_FHIR, key, bundleKey, key, sender, header.getSource().getEndpoint(), Messaging.NEW_MESSAGE,
                null, null, entries, problems.list(), parsed.xml() ? "application/fhir+xml" : "application/fhir+json", body);
    }

    /** Whether the receiver named is this municipality: its SOR id, GLN or municipality code. */
    private boolean isUs(Organization organization) {
        return messages.isUs(organization) || organization.getIdentifier().stream().anyMatch(i ->
                Canonical.SYSTEM_MUNICIPALITY_CODE.equals(i.getSystem()) && us.isMunicipality(i.getValue()));
    }

    /** This municipality as the plan's performer: the receiver entry with the identifiers the adapter is configured with. */
    private Organization asConfigured(Organization receiver) {
        Organization org = dk.rehab.adapter.fhir.ClientCopies.copy(receiver, null);
        org.setIdentifier(new ArrayList<>(List.of(
                new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Canonical.SYSTEM_SOR).setValue(us.sor()),
                new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(Canonical.SYSTEM_GLN).setValue(us.ean()))));
        if (!org.hasName()) {
            org.setName(us.name());
        }
        return org;
    }
}
