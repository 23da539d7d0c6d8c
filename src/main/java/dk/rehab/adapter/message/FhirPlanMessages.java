package dk.rehab.adapter.message;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.organization.OrganizationIds;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
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
 * Reads a FHIR plan message (profile {@code rehab-plan-message}, MessageDefinition {@code rehabilitation-plan};
 * see profiles/README.md) into a {@link PlanMessage}, checking the message's own shape: a Bundle of type
 * {@code message}, the MessageHeader first with an id, the event {@code message-events#rehabilitation-plan}, the
 * sender and the primary receiver as Organizations of the Bundle with a SOR id and an EAN/GLN, the receiver being
 * this municipality, the focus a ServiceRequest of the Bundle, a Provenance with activity new-message,
 * modified-message or retract-message ({@code entity.what} naming the corrected or withdrawn message). The plan's
 * own rules are the write path's. A body that is not FHIR, or has no MessageHeader with an id to acknowledge,
 * is refused with HTTP 400; every other problem becomes a fatal-error acknowledgement.
 */
@Component
public class FhirPlanMessages {
    private static final Set<String> PLAN_TYPES = Set.of("Patient", "Organization", "Condition", "ServiceRequest");
    private static final Set<String> ACTIVITIES = Set.of(Messaging.NEW_MESSAGE, Messaging.MODIFIED_MESSAGE, Messaging.RETRACT_MESSAGE);

    private final FhirContext fhir;
    private final AdapterProperties.Messaging config;
    private final int maxEntries;

    public FhirPlanMessages(FhirContext fhir, AdapterProperties properties, dk.rehab.adapter.limits.LimitsProperties limits) {
        this.fhir = fhir;
        this.config = properties.messaging();
        this.maxEntries = limits.maxBundleEntries();
    }

    /** A message Bundle as parsed, and whether it came as XML. */
    public record Parsed(Bundle bundle, MessageHeader header, boolean xml) {
    }

    public PlanMessage read(byte[] body, String contentType) {
        return read(parse(body, contentType), body);
    }

    /**
     * Parses the body of {@code $process-message}: refused (HTTP 400) when it is not FHIR, not a Bundle, too large, or has
     * no MessageHeader with an id to acknowledge. Shared by every kind of message the operation takes.
     */
    public Parsed parse(byte[] body, String contentType) {
        byte[] bytes = body == null ? new byte[0] : body;
        // Parsed from the bytes (the parser decodes as it reads): no String copy of the whole message.
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        int first = start;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        if (first == bytes.length) {
            throw new AdapterException(ErrorCode.MALFORMED_BODY, "the message is empty", "Bundle");
        }
        boolean xml = contentType != null && contentType.contains("xml") || bytes[first] == '<';
        IParser parser = xml ? fhir.newXmlParser() : fhir.newJsonParser();
        IBaseResource parsed;
        try {
            parsed = parser.parseResource(new InputStreamReader(new ByteArrayInputStream(bytes, start, bytes.length - start), StandardCharsets.UTF_8));
        } catch (DataFormatException e) {
            throw new AdapterException(ErrorCode.MALFORMED_BODY, "the message is not well-formed FHIR "
                    + (xml ? "XML" : "JSON") + ": " + e.getMessage().replaceAll("HAPI-\\d{4}: ", ""), "Bundle");
        } catch (RuntimeException e) {
            // HAPI's parser fails with other exceptions on some malformed input (e.g. an extension array holding a number).
            throw new AdapterException(ErrorCode.MALFORMED_BODY, "the message is not well-formed FHIR " + (xml ? "XML" : "JSON")
                    + ": the parser could not read it (" + e.getClass().getSimpleName() + ")", "Bundle");
        }
        if (!(parsed instanceof Bundle bundle)) {
            throw new AdapterException(ErrorCode.NOT_A_MESSAGE, "$process-message takes a Bundle of type message, not a "
                    + parsed.fhirType(), parsed.fhirType());
        }
        if (bundle.getEntry().size() > maxEntries) {
            throw new AdapterException(ErrorCode.TOO_MANY_ENTRIES, "the message has " + bundle.getEntry().size()
                    + " entries; the adapter takes at most " + maxEntries + " (adapter.limits.max-bundle-entries)", "Bundle.entry");
        }
        MessageHeader header = bundle.getEntry().stream().map(BundleEntryComponent::getResource)
                .filter(MessageHeader.class::isInstance).map(MessageHeader.class::cast).findFirst().orElse(null);
        if (header == null || !header.getIdElement().hasIdPart()) {
            throw new AdapterException(ErrorCode.NOT_A_MESSAGE, header == null
                    ? "the Bundle holds no MessageHeader: there is no message to acknowledge"
                    : "the MessageHeader has no id: the acknowledgement could not name the message", "Bundle.entry[0].resource");
        }
        return new Parsed(bundle, header, xml);
    }

    /** Reads a parsed plan message (see the class documentation). */
    public PlanMessage read(Parsed parsed, byte[] body) {
        Bundle bundle = parsed.bundle();
        MessageHeader header = parsed.header();
        boolean xml = parsed.xml();
        Problems problems = new Problems();
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            problems.add(ErrorCode.NOT_A_MESSAGE, "a plan message is a Bundle of type message, not "
                    + (bundle.hasType() ? bundle.getType().toCode() : "without a type"), "Bundle.type");
        }
        if (bundle.getEntryFirstRep().getResource() != header) {
            problems.add(ErrorCode.NOT_A_MESSAGE, "the MessageHeader must be the first entry of a message", "Bundle.entry[0].resource");
        }
        String h = "Bundle.entry[" + indexOf(bundle, header) + "].resource";
        Coding event = header.hasEventCoding() ? header.getEventCoding() : null;
        if (event == null || !Messaging.CS_EVENTS.equals(event.getSystem()) || !Messaging.EVENT_PLAN.equals(event.getCode())) {
            problems.add(ErrorCode.UNKNOWN_CODE, "the event must be " + Messaging.CS_EVENTS + "#" + Messaging.EVENT_PLAN
                    + " (the adapter takes rehabilitation plan messages only)", h + ".event");
        }
        Organization sender = organization(bundle, header.getSender(), h + ".sender", problems);
        MessageHeader.MessageDestinationComponent primary = header.getDestination().stream().filter(FhirPlanMessages::isPrimary)
                .findFirst().orElse(header.getDestination().isEmpty() ? null : header.getDestinationFirstRep());
        if (primary == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the message needs a primary destination (this municipality)", h + ".destination");
        } else {
            int d = header.getDestination().indexOf(primary);
            Organization receiver = organization(bundle, primary.getReceiver(), h + ".destination[" + d + "].receiver", problems);
            if (receiver != null && !isUs(receiver)) {
                problems.add(ErrorCode.WRONG_RECEIVER, "the message is addressed to another organisation than this municipality (SOR "
                        + config.sor() + ", EAN " + config.ean() + ")", h + ".destination[" + d + "].receiver");
            }
        }

        String activity = null;
        String refersTo = null;
        List<Provenance> provenances = bundle.getEntry().stream().map(BundleEntryComponent::getResource)
                .filter(Provenance.class::isInstance).map(Provenance.class::cast).toList();
        if (provenances.isEmpty()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a message holds a Provenance saying what it does (new-message, "
                    + "modified-message or retract-message)", "Bundle.entry");
        } else {
            Provenance provenance = provenances.stream().filter(p -> p.getTarget().stream().anyMatch(t -> refersTo(bundle, t, header)))
                    .findFirst().orElse(provenances.get(0));
            String p = "Bundle.entry[" + indexOf(bundle, provenance) + "].resource";
            activity = provenance.getActivity().getCoding().stream().filter(c -> Messaging.MEDCOM_ACTIVITY.equals(c.getSystem()))
                    .map(Coding::getCode).findFirst().orElse(null);
            if (activity == null || !ACTIVITIES.contains(activity)) {
                problems.add(ErrorCode.UNKNOWN_CODE, "the Provenance's activity must be new-message, modified-message or retract-message ("
                        + Messaging.MEDCOM_ACTIVITY + ")", p + ".activity");
            } else if (!Messaging.NEW_MESSAGE.equals(activity)) {
                refersTo = provenance.getEntity().stream().map(e -> messageId(e.getWhat())).filter(java.util.Objects::nonNull)
                        .findFirst().orElse(null);
                if (refersTo == null) {
                    problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a " + activity + " names the message it "
                            + (Messaging.RETRACT_MESSAGE.equals(activity) ? "withdraws" : "corrects") + " in entity.what", p + ".entity");
                }
            }
        }

        List<PlanMessage.Entry> entries = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Resource resource = bundle.getEntry().get(i).getResource();
            String at = "Bundle.entry[" + i + "].resource";
            if (resource == null) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "every entry needs a resource", at);
            } else if (PLAN_TYPES.contains(resource.fhirType())) {
                entries.add(new PlanMessage.Entry(bundle.getEntry().get(i).getFullUrl(), resource, at));
            } else if (!(resource instanceof MessageHeader) && !(resource instanceof Provenance)) {
                problems.add(ErrorCode.INVALID_VALUE, "a plan message holds MessageHeader, Provenance, Patient, Organization, Condition "
                        + "and ServiceRequest, not " + resource.fhirType(), at);
            }
        }
        if (!Messaging.RETRACT_MESSAGE.equals(activity)) {
            if (!header.hasFocus()) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the focus of a plan message is its ServiceRequest", h + ".focus");
            } else if (!(find(bundle, header.getFocusFirstRep()) instanceof ServiceRequest)) {
                problems.add(ErrorCode.INVALID_REFERENCE, "the focus must be a ServiceRequest entry of the message", h + ".focus[0]");
            }
            if (entries.stream().filter(e -> e.resource() instanceof ServiceRequest).count() > 1) {
                problems.add(ErrorCode.INVALID_VALUE, "a plan message carries one plan (ServiceRequest)", "Bundle.entry");
            }
        }
        String key = header.getIdElement().getIdPart();
        String bundleKey = bundle.getIdElement().hasIdPart() ? bundle.getIdElement().getIdPart() : null;
        if (key.length() > 64 || bundleKey != null && bundleKey.length() > 64) {
            throw new AdapterException(ErrorCode.INVALID_VALUE, "a FHIR id has at most 64 characters (the MessageHeader's and the Bundle's"
                    + " identify the message)", key.length() > 64 ? "Bundle.entry[0].resource.id" : "Bundle.id");
        }
        return new PlanMessage(Messaging.CHANNEL_FHIR, key, bundleKey, key, sender,
                header.getSource().getEndpoint(), activity, refersTo, null, entries, problems.list(),
                xml ? "application/fhir+xml" : "application/fhir+json", body);
    }

    public boolean isUs(Organization organization) {
        for (Identifier identifier : organization.getIdentifier()) {
            if (Canonical.SYSTEM_SOR.equals(identifier.getSystem()) && config.sor().equals(identifier.getValue())
                    || OrganizationIds.isGln(identifier.getSystem()) && config.ean().equals(identifier.getValue())) {
                return true;
            }
        }
        return false;
    }

    public static boolean isPrimary(MessageHeader.MessageDestinationComponent destination) {
        return destination.getExtensionsByUrl(Messaging.MEDCOM_DESTINATION_USE_EXT).stream()
                .anyMatch(e -> e.getValue() instanceof Coding c && "primary".equals(c.getCode()));
    }

    /** The Organization entry a reference names; a problem when there is none, or it lacks a SOR id or an EAN. */
    public static Organization organization(Bundle bundle, Reference ref, String at, Problems problems) {
        Resource found = ref == null || ref.isEmpty() ? null : find(bundle, ref);
        if (!(found instanceof Organization organization)) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "must reference an Organization entry of the message", at);
            return null;
        }
        boolean sor = organization.getIdentifier().stream().anyMatch(i -> Canonical.SYSTEM_SOR.equals(i.getSystem()) && i.hasValue());
        boolean ean = organization.getIdentifier().stream().anyMatch(i -> OrganizationIds.isGln(i.getSystem()) && i.hasValue());
        if (!sor || !ean) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the sender and receivers of a message are Organizations with both a SOR id and an "
                    + "EAN/GLN number", "Bundle.entry[" + indexOf(bundle, organization) + "].resource.identifier");
        }
        return organization;
    }

    public static Resource find(Bundle bundle, Reference ref) {
        if (ref == null || !ref.hasReference()) {
            return null;
        }
        String target = ref.getReference();
        for (BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null) {
                continue;
            }
            if (target.equals(entry.getFullUrl())
                    || resource.getIdElement().hasIdPart() && target.equals(resource.fhirType() + "/" + resource.getIdElement().getIdPart())
                    || entry.hasFullUrl() && entry.getFullUrl().endsWith("/" + target)) {
                return resource;
            }
        }
        return null;
    }

    private static boolean refersTo(Bundle bundle, Reference ref, Resource resource) {
        return find(bundle, ref) == resource;
    }

    /** The id of the MessageHeader an entity.what names: {@code MessageHeader/id}, a full URL, or an identifier. */
    public static String messageId(Reference what) {
        if (what == null) {
            return null;
        }
        if (what.hasReference()) {
            String reference = what.getReference();
            int at = reference.indexOf("MessageHeader/");
            String id = at >= 0 ? reference.substring(at + "MessageHeader/".length()) : reference.substring(reference.lastIndexOf('/') + 1);
            int history = id.indexOf("/_history");
            return history >= 0 ? id.substring(0, history) : id;
        }
        return what.hasIdentifier() && what.getIdentifier().hasValue() ? what.getIdentifier().getValue() : null;
    }

    public static int indexOf(Bundle bundle, Resource resource) {
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            if (bundle.getEntry().get(i).getResource() == resource) {
                return i;
            }
        }
        return -1;
    }
}
