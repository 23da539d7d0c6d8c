package dk.rehab.adapter.message;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.Outcomes;
import dk.rehab.adapter.fhir.Problem;
import dk.rehab.adapter.organization.OrganizationIds;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MessageHeader.ResponseType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Provenance;
import org.springframework.stereotype.Component;

/**
 * Builds the answer to every hospital message: a MedCom acknowledgement message ({@code medcom-messaging-acknowledgement}
 * of {@code medcom.fhir.dk.acknowledgement}): a MessageHeader with event {@code acknowledgement-message} whose
 * {@code response.identifier} is the received MessageHeader.id (for GGOP: the envelope identifier) and
 * {@code response.code} ok / transient-error / fatal-error, a Provenance ({@code acknowledgement}), the two
 * Organizations (this municipality as sender, the hospital as receiver; EAN/GLN with DK Core 3.5+'s system
 * {@code http://www.gs1.org/gln}, which the newest DK Core's {@code dk-core-gln-identifier} requires), and an OperationOutcome.
 *
 * <p>The OperationOutcome follows {@code medcom-acknowledgement-operationoutcome}: {@code details.coding} must come
 * from MedCom's issue-details value set, so each issue carries the nearest MedCom code there, the adapter's own
 * error code (the README's table) in {@code details.text}, a sentence in {@code diagnostics} (never a CPR number)
 * and the element in {@code expression}. An accepted plan gets one {@code information} issue whose
 * {@code details.text} is the plan's reference ({@code ServiceRequest/123}).
 */
@Component
public class Acknowledgements {
    private static final JsonFactory JSON = new JsonFactory();

    private final AdapterProperties.Messaging config;

    public Acknowledgements(AdapterProperties properties) {
        this.config = properties.messaging();
    }

    /** The acknowledgement (FHIR JSON) of an accepted plan. */
    public String ok(PlanMessage message, String planId) {
        return build(message, ResponseType.OK, List.of(new Issue("information", IssueType.INFORMATIONAL.toCode(), null,
                "ServiceRequest/" + planId, "the plan was accepted and is stored as ServiceRequest/" + planId, null)));
    }

    /** The acknowledgement (FHIR JSON) of an accepted message other than a plan: {@code reference} is what it is stored as. */
    public String accepted(PlanMessage message, String reference, String text) {
        return build(message, ResponseType.OK, List.of(new Issue("information", IssueType.INFORMATIONAL.toCode(), null,
                reference, Outcomes.scrub(text), null)));
    }

    /** The acknowledgement (FHIR JSON) of a refused message, or of one the adapter could not process now. */
    public String error(PlanMessage message, ResponseType code, List<Problem> problems) {
        List<Issue> issues = new ArrayList<>();
        for (Problem p : problems) {
            issues.add(new Issue("error", p.code().issueType().toCode(), p.code().ack().coding(), p.code().code(),
                    Outcomes.scrub(p.message()), p.expression()));
        }
        return build(message, code, issues);
    }

    /** One OperationOutcome issue of the answer. */
    private record Issue(String severity, String code, Coding medcom, String text, String diagnostics, String expression) {
    }

    /**
     * Writes the acknowledgement Bundle straight to JSON, in the order and form HAPI's encoder gives (a test parses
     * and re-encodes it with HAPI and compares): building HAPI objects and encoding them cost a tenth of a message's
     * CPU and memory, for five small resources of a fixed shape.
     */
    private String build(PlanMessage message, ResponseType code, List<Issue> issues) {
        Date now = new Date();
        String instant = new InstantType(now).getValueAsString();
        String bundleId = UUID.randomUUID().toString();
        String headerId = UUID.randomUUID().toString();
        String provenanceId = UUID.randomUUID().toString();
        String usId = UUID.randomUUID().toString();
        String themId = UUID.randomUUID().toString();
        String outcomeId = UUID.randomUUID().toString();
        List<Identifier> theirIds = new ArrayList<>();
        String theirName = null;
        if (message.sender() != null) {
            for (Identifier identifier : message.sender().getIdentifier()) {
                theirIds.add(new Identifier().setSystem(OrganizationIds.normaliseSystem(identifier.getSystem())).setValue(identifier.getValue()));
            }
            theirName = message.sender().getName();
        }
        // A GGOP names its sender by EAN and department number: MedCom's messaging Organization needs a SOR id,
        // so such an answer has MedCom's shape but claims none of its profiles.
        boolean profiles = theirIds.stream().anyMatch(i -> Canonical.SYSTEM_SOR.equals(i.getSystem()) && i.hasValue());
        StringWriter out = new StringWriter(2048);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("resourceType", "Bundle");
            json.writeStringField("id", bundleId);
            meta(json, profiles, Messaging.MEDCOM_ACK);
            json.writeStringField("type", "message");
            json.writeStringField("timestamp", instant);
            json.writeArrayFieldStart("entry");

            entry(json, "MessageHeader", headerId);
            meta(json, profiles, Messaging.MEDCOM_ACK_HEADER);
            json.writeFieldName("eventCoding");
            coding(json, Messaging.MEDCOM_EVENTS, "acknowledgement-message");
            json.writeArrayFieldStart("destination");
            json.writeStartObject();
            json.writeArrayFieldStart("extension");
            json.writeStartObject();
            json.writeStringField("url", Messaging.MEDCOM_DESTINATION_USE_EXT);
            json.writeFieldName("valueCoding");
            coding(json, Messaging.MEDCOM_DESTINATION_USE, "primary");
            json.writeEndObject();
            json.writeEndArray();
            json.writeStringField("endpoint", message.sourceEndpoint() != null ? message.sourceEndpoint() : senderEndpoint(message));
            reference(json, "receiver", "Organization/" + themId);
            json.writeEndObject();
            json.writeEndArray();
            reference(json, "sender", "Organization/" + usId);
            json.writeObjectFieldStart("source");
            json.writeStringField("endpoint", config.endpoint());
            json.writeEndObject();
            json.writeObjectFieldStart("response");
            if (message.ackIdentifier() != null) {
                json.writeStringField("identifier", message.ackIdentifier());
            }
            json.writeStringField("code", code.toCode());
            if (!issues.isEmpty()) {
                reference(json, "details", "OperationOutcome/" + outcomeId);
            }
            json.writeEndObject();
            endEntry(json);

            entry(json, "Provenance", provenanceId);
            meta(json, profiles, Messaging.MEDCOM_PROVENANCE);
            json.writeArrayFieldStart("target");
            referenceObject(json, "MessageHeader/" + headerId);
            json.writeEndArray();
            json.writeStringField("occurredDateTime", new DateTimeType(now).getValueAsString());
            json.writeStringField("recorded", instant);
            json.writeObjectFieldStart("activity");
            json.writeArrayFieldStart("coding");
            coding(json, Messaging.MEDCOM_ACTIVITY, "acknowledgement");
            json.writeEndArray();
            json.writeEndObject();
            json.writeArrayFieldStart("agent");
            json.writeStartObject();
            reference(json, "who", "Organization/" + usId);
            json.writeEndObject();
            json.writeEndArray();
            json.writeArrayFieldStart("entity");
            json.writeStartObject();
            json.writeStringField("role", Provenance.ProvenanceEntityRole.REVISION.toCode());
            reference(json, "what", "MessageHeader/" + message.ackIdentifier());
            json.writeEndObject();
            json.writeEndArray();
            endEntry(json);

            organization(json, usId, profiles, List.of(new Identifier().setSystem(Canonical.SYSTEM_SOR).setValue(config.sor()),
                    new Identifier().setSystem(Canonical.SYSTEM_GLN).setValue(config.ean())), config.name());
            organization(json, themId, profiles, theirIds, theirName);

            if (!issues.isEmpty()) {
                entry(json, "OperationOutcome", outcomeId);
                meta(json, profiles, Messaging.MEDCOM_ACK_OUTCOME);
                json.writeArrayFieldStart("issue");
                for (Issue issue : issues) {
                    json.writeStartObject();
                    json.writeStringField("severity", issue.severity());
                    json.writeStringField("code", issue.code());
                    json.writeObjectFieldStart("details");
                    if (issue.medcom() != null) {
                        json.writeArrayFieldStart("coding");
                        coding(json, issue.medcom().getSystem(), issue.medcom().getCode());
                        json.writeEndArray();
                    }
                    json.writeStringField("text", issue.text());
                    json.writeEndObject();
                    if (issue.diagnostics() != null && !issue.diagnostics().isEmpty()) {
                        json.writeStringField("diagnostics", issue.diagnostics());
                    }
                    if (issue.expression() != null && !issue.expression().isEmpty()) {
                        json.writeArrayFieldStart("expression");
                        json.writeString(issue.expression());
                        json.writeEndArray();
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                endEntry(json);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void entry(JsonGenerator json, String type, String id) throws IOException {
        json.writeStartObject();
        json.writeStringField("fullUrl", Canonical.BASE + "/" + type + "/" + id);
        json.writeObjectFieldStart("resource");
        json.writeStringField("resourceType", type);
        json.writeStringField("id", id);
    }

    private static void endEntry(JsonGenerator json) throws IOException {
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void meta(JsonGenerator json, boolean profiles, String profile) throws IOException {
        if (profiles) {
            json.writeObjectFieldStart("meta");
            json.writeArrayFieldStart("profile");
            json.writeString(profile);
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** A Coding with system and code (the acknowledgement's codings have no display). */
    private static void coding(JsonGenerator json, String system, String code) throws IOException {
        json.writeStartObject();
        json.writeStringField("system", system);
        json.writeStringField("code", code);
        json.writeEndObject();
    }

    private static void reference(JsonGenerator json, String field, String reference) throws IOException {
        json.writeFieldName(field);
        referenceObject(json, reference);
    }

    private static void referenceObject(JsonGenerator json, String reference) throws IOException {
        json.writeStartObject();
        json.writeStringField("reference", reference);
        json.writeEndObject();
    }

    private static void organization(JsonGenerator json, String id, boolean profiles, List<Identifier> identifiers, String name)
            throws IOException {
        entry(json, "Organization", id);
        meta(json, profiles, Messaging.MEDCOM_ORGANIZATION);
        List<Identifier> present = identifiers.stream().filter(i -> i.hasSystem() || i.hasValue()).toList();
        if (!present.isEmpty()) {
            json.writeArrayFieldStart("identifier");
            for (Identifier identifier : present) {
                json.writeStartObject();
                if (identifier.hasSystem()) {
                    json.writeStringField("system", identifier.getSystem());
                }
                if (identifier.hasValue()) {
                    json.writeStringField("value", identifier.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (name != null && !name.isEmpty()) {
            json.writeStringField("name", name);
        }
        endEntry(json);
    }

    private static String senderEndpoint(PlanMessage message) {
        if (message.sender() != null) {
            for (Identifier identifier : message.sender().getIdentifier()) {
                if (identifier.getSystem() != null && identifier.getSystem().contains("gs1.org/gln")) {
                    return "urn:ean:" + identifier.getValue();
                }
            }
        }
        return "urn:unknown-sender";
    }
}
