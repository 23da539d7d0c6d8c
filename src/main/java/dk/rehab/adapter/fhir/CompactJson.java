package dk.rehab.adapter.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Compact JSON of resources the adapter builds itself (the KL Gateway reports), the same text as HAPI's JSON parser
 * (not pretty) writes, at a fraction of its CPU: HAPI's encoder asks, for every element, about summary mode, element
 * filters, contained resources and reference versions, and formats an error message for every field it reads
 * (JFR: encoding was the larger half of the KL report's CPU, bench/RESULTS.md 4 December 2026). This walks HAPI's own
 * model definitions (so the element names and their order are HAPI's) and writes with Jackson, as HAPI does.
 *
 * <p>It covers plain data only: {@link #encode} answers empty, and the caller encodes with HAPI, when a resource holds
 * anything HAPI treats specially (narrative, contained resources, element ids, extensions on primitives, modifier
 * extensions, decimals, references with a version, a base URL or a resource object, an id whose version is not meta's).
 * The tests compare it to HAPI's text for every report they make.
 */
public final class CompactJson {
    private static final JsonFactory JSON = new JsonFactory();
    private final FhirContext fhir;

    public CompactJson(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** {@code resource} as HAPI's compact JSON; empty when it holds something this does not write (use HAPI then). */
    public Optional<String> encode(Resource resource) {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            resource(g, resource);
        } catch (Unsupported e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(out.toString());
    }

    private void resource(JsonGenerator g, Resource r) throws IOException {
        if (r instanceof DomainResource d && (d.hasText() || d.hasContained() || d.hasModifierExtension())) {
            throw new Unsupported();
        }
        if (r.hasIdElement() && (r.getIdElement().hasBaseUrl()
                || r.getIdElement().hasVersionIdPart() && !r.getIdElement().getVersionIdPart().equals(r.getMeta().getVersionId()))) {
            throw new Unsupported(); // HAPI may write the id's version into meta
        }
        g.writeStartObject();
        g.writeStringField("resourceType", r.fhirType());
        if (r.getIdElement().hasIdPart()) {
            g.writeStringField("id", r.getIdElement().getIdPart());
        }
        children(g, r, fhir.getResourceDefinition(r), true);
        g.writeEndObject();
    }

    private void children(JsonGenerator g, Base element, BaseRuntimeElementCompositeDefinition<?> def, boolean isResource) throws IOException {
        for (BaseRuntimeChildDefinition child : def.getChildren()) {
            String name = child.getElementName();
            if (isResource && "id".equals(name)) {
                continue;
            }
            List<IBase> values = child.getAccessor().getValues(element);
            if (values.isEmpty()) {
                continue;
            }
            if ("modifierExtension".equals(name)) {
                if (values.stream().anyMatch(v -> !v.isEmpty())) {
                    throw new Unsupported();
                }
                continue;
            }
            if ("extension".equals(name)) {
                writeExtensions(g, values);
                continue;
            }
            boolean many = child.getMax() != 1;
            boolean open = false;
            for (IBase value : values) {
                if (value == null || value.isEmpty()) {
                    continue;
                }
                String valueName = child.getChildNameByDatatype(value.getClass());
                if (!many) {
                    g.writeFieldName(valueName);
                } else if (!open) {
                    g.writeArrayFieldStart(valueName);
                    open = true;
                }
                value(g, value, child.getChildElementDefinitionByDatatype(value.getClass()));
            }
            if (open) {
                g.writeEndArray();
            }
        }
    }

    private void value(JsonGenerator g, IBase value, BaseRuntimeElementDefinition<?> def) throws IOException {
        if (value instanceof Resource r) {
            resource(g, r);
        } else if (value instanceof PrimitiveType<?> p) {
            primitive(g, p);
        } else if (value instanceof Element e && def instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
            if (e.hasId() || e instanceof Reference ref && !plain(ref)) {
                throw new Unsupported();
            }
            g.writeStartObject();
            children(g, e, composite, false);
            g.writeEndObject();
        } else {
            throw new Unsupported();
        }
    }

    private static boolean plain(Reference ref) {
        if (ref.getResource() != null) {
            return false;
        }
        String r = ref.getReference();
        return r == null || !(r.contains("/_history/") || r.contains("://") || r.startsWith("#"));
    }

    private static void primitive(JsonGenerator g, PrimitiveType<?> p) throws IOException {
        if (p.hasId() || p.hasExtension() || p instanceof DecimalType) {
            throw new Unsupported();
        }
        if (p instanceof BooleanType b) {
            g.writeBoolean(b.booleanValue());
        } else if (p instanceof IntegerType i) { // also positiveInt and unsignedInt
            g.writeNumber(i.getValue());
        } else {
            g.writeString(p.getValueAsString());
        }
    }

    private void writeExtensions(JsonGenerator g, List<IBase> values) throws IOException {
        boolean open = false;
        for (IBase v : values) {
            if (v == null || v.isEmpty()) {
                continue;
            }
            if (!open) {
                g.writeArrayFieldStart("extension");
                open = true;
            }
            extension(g, (Extension) v);
        }
        if (open) {
            g.writeEndArray();
        }
    }

    private void extension(JsonGenerator g, Extension e) throws IOException {
        if (e.hasId() || e.getUrl() == null || e.hasValue() == e.hasExtension()) {
            throw new Unsupported();
        }
        g.writeStartObject();
        g.writeStringField("url", e.getUrl());
        if (e.hasExtension()) {
            writeExtensions(g, List.copyOf(e.getExtension()));
        } else {
            Base value = e.getValue();
            BaseRuntimeElementDefinition<?> def = fhir.getElementDefinition(value.getClass());
            String type = def.getName();
            g.writeFieldName("value" + Character.toUpperCase(type.charAt(0)) + type.substring(1));
            value(g, value, def);
        }
        g.writeEndObject();
    }

    /** Something HAPI writes in a way of its own: the caller encodes with HAPI. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }
}
