package dk.rehab.adapter.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dk.rehab.adapter.fhir.Canonical;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An {@link AuditRecord} as FHIR R4 JSON, in the shape of the IHE Basic Audit Log Patterns (profile
 * {@code rehab-audit-event}), written with Jackson's streaming generator: no HAPI model, no parser.
 */
final class AuditJson {
    static final String PROFILE = Canonical.PROFILE_AUDIT_EVENT;
    static final String CS_CLIENT_KINDS = Canonical.CS + "client-kinds";
    /** The identifier system of the client's organisation id as the token names it (SOR id, GLN or ydernummer). */
    static final String SID_ORGANISATION = Canonical.BASE + "/sid/client-organisation";
    /** The identifier system of the client id (the token's subject). */
    static final String SID_CLIENT = Canonical.BASE + "/sid/client-id";
    /** The identifier system of the adapter instance (source.observer). */
    static final String SID_ADAPTER = Canonical.BASE + "/sid/adapter-instance";
    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    static final String NETWORK_TYPE = "http://hl7.org/fhir/network-type";

    private static final JsonFactory JSON = new JsonFactory();

    private AuditJson() {
    }

    static String render(AuditRecord event, String sourceId) {
        StringWriter text = new StringWriter(1024);
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("resourceType", "AuditEvent");
            out.writeStringField("id", event.id());
            out.writeObjectFieldStart("meta");
            out.writeStringField("versionId", "1");
            out.writeStringField("lastUpdated", event.recorded().toString());
            out.writeArrayFieldStart("profile");
            out.writeString(PROFILE);
            out.writeEndArray();
            out.writeEndObject();
            switch (event.kind()) {
                case REST -> coding(out, "type", EVENT_TYPE, "rest", "RESTful Operation");
                case MESSAGE -> coding(out, "type", DCM, "110110", "Patient Record");
                case EXPORT -> coding(out, "type", DCM, "110106", "Export");
            }
            if (event.subtype() != null) {
                out.writeArrayFieldStart("subtype");
                coding(out, null, INTERACTION, event.subtype(), event.subtype());
                out.writeEndArray();
            }
            out.writeStringField("action", String.valueOf(event.action()));
            out.writeStringField("recorded", event.recorded().toString());
            out.writeStringField("outcome", String.valueOf(event.outcome()));
            if (event.outcomeDesc() != null) {
                out.writeStringField("outcomeDesc", event.outcomeDesc());
            }
            out.writeArrayFieldStart("agent");
            if (event.kind() == AuditRecord.Kind.EXPORT) {
                adapterAgent(out, sourceId);
                recipientAgent(out, event);
            } else {
                clientAgent(out, event);
            }
            out.writeEndArray();
            out.writeObjectFieldStart("source");
            out.writeStringField("site", sourceId);
            out.writeObjectFieldStart("observer");
            identifier(out, SID_ADAPTER, sourceId);
            out.writeStringField("display", "Rehab FHIR Adapter");
            out.writeEndObject();
            out.writeArrayFieldStart("type");
            coding(out, null, SOURCE_TYPE, "4", "Application Server");
            out.writeEndArray();
            out.writeEndObject();
            out.writeArrayFieldStart("entity");
            for (String reference : event.entities()) {
                boolean patient = reference.startsWith("Patient/");
                out.writeStartObject();
                out.writeObjectFieldStart("what");
                out.writeStringField("reference", reference);
                out.writeEndObject();
                coding(out, "type", ENTITY_TYPE, patient ? "1" : "2", patient ? "Person" : "System Object");
                coding(out, "role", OBJECT_ROLE, patient ? "1" : "4", patient ? "Patient" : "Domain Resource");
                out.writeEndObject();
            }
            if (event.query() != null && !event.query().isEmpty()) {
                out.writeStartObject();
                coding(out, "type", ENTITY_TYPE, "2", "System Object");
                coding(out, "role", OBJECT_ROLE, "24", "Query");
                out.writeStringField("query", Base64.getEncoder().encodeToString(event.query().getBytes(StandardCharsets.UTF_8)));
                out.writeEndObject();
            }
            if (event.request() != null) {
                out.writeStartObject();
                coding(out, "type", ENTITY_TYPE, "2", "System Object");
                out.writeStringField("name", event.request());
                out.writeStringField("description", "the request (method and URL path, without the query)");
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void clientAgent(JsonGenerator out, AuditRecord event) throws IOException {
        out.writeStartObject();
        agentType(out, "110153", "Source Role ID");
        role(out, event.clientKind());
        if (event.organisation() != null || event.client() != null) {
            out.writeObjectFieldStart("who");
            if (event.organisation() != null) {
                identifier(out, SID_ORGANISATION, event.organisation());
            } else {
                identifier(out, SID_CLIENT, event.client());
            }
            out.writeStringField("display", event.clientKind() == null ? "client" : event.clientKind()
                    + (event.organisation() == null ? "" : " " + event.organisation()));
            out.writeEndObject();
        }
        if (event.client() != null) {
            out.writeStringField("altId", event.client());
        }
        out.writeBooleanField("requestor", true);
        network(out, event.address());
        out.writeEndObject();
    }

    private static void adapterAgent(JsonGenerator out, String sourceId) throws IOException {
        out.writeStartObject();
        agentType(out, "110153", "Source Role ID");
        out.writeObjectFieldStart("who");
        identifier(out, SID_ADAPTER, sourceId);
        out.writeStringField("display", "Rehab FHIR Adapter");
        out.writeEndObject();
        out.writeBooleanField("requestor", true);
        out.writeEndObject();
    }

    private static void recipientAgent(JsonGenerator out, AuditRecord event) throws IOException {
        out.writeStartObject();
        agentType(out, "110152", "Destination Role ID");
        role(out, event.clientKind());
        if (event.organisation() != null || event.client() != null) {
            // a delivery's recipient by its organisation id; a bulk export's client by its organisation or its client id
            out.writeObjectFieldStart("who");
            if (event.organisation() != null) {
                identifier(out, SID_ORGANISATION, event.organisation());
            } else {
                identifier(out, SID_CLIENT, event.client());
            }
            out.writeEndObject();
        }
        if (event.client() != null) {
            out.writeStringField("altId", event.client());
        }
        out.writeBooleanField("requestor", false);
        network(out, event.address());
        out.writeEndObject();
    }

    /** An agent's type: a DICOM role (110153 source, 110152 destination). */
    private static void agentType(JsonGenerator out, String code, String display) throws IOException {
        out.writeObjectFieldStart("type");
        out.writeArrayFieldStart("coding");
        coding(out, null, DCM, code, display);
        out.writeEndArray();
        out.writeEndObject();
    }

    /** An agent's role: its client kind (client-kinds), when it has one. */
    private static void role(JsonGenerator out, String clientKind) throws IOException {
        if (clientKind != null) {
            out.writeArrayFieldStart("role");
            out.writeStartObject();
            out.writeArrayFieldStart("coding");
            coding(out, null, CS_CLIENT_KINDS, clientKind, null);
            out.writeEndArray();
            out.writeEndObject();
            out.writeEndArray();
        }
    }

    private static void network(JsonGenerator out, String address) throws IOException {
        if (address != null && !address.isEmpty()) {
            out.writeObjectFieldStart("network");
            out.writeStringField("address", address);
            // 2 = IP address, 1 = machine name (a delivery's receiver host)
            out.writeStringField("type", Character.isDigit(address.charAt(0)) || address.indexOf(':') >= 0 ? "2" : "1");
            out.writeEndObject();
        }
    }

    private static void identifier(JsonGenerator out, String system, String value) throws IOException {
        out.writeObjectFieldStart("identifier");
        out.writeStringField("system", system);
        out.writeStringField("value", value);
        out.writeEndObject();
    }

    private static void coding(JsonGenerator out, String field, String system, String code, String display) throws IOException {
        if (field != null) {
            out.writeObjectFieldStart(field);
        } else {
            out.writeStartObject();
        }
        out.writeStringField("system", system);
        out.writeStringField("code", code);
        if (display != null) {
            out.writeStringField("display", display);
        }
        out.writeEndObject();
    }
}
