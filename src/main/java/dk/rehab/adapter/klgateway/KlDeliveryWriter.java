package dk.rehab.adapter.klgateway;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.EncodingEnum;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * Writes a {@code klgateway-140-incremental-delivery} ({@link KlGatewayReportService.Made}) to the answer, streamed: the
 * wrapper as {@link KlDeliveryReportAssembler#wrap} makes it, then one entry per citizen report, each read back from
 * the store ({@value #CHUNK} at a time) and written as stored. The heap holds one chunk of reports, never the delivery.
 * The answer is the same as encoding the whole Bundle: {@code entry} is the wrapper's last element.
 */
@Component
public class KlDeliveryWriter {
    static final int CHUNK = 50;
    private final FhirContext fhir;
    private final ResourceStore store;
    private final KlGatewayProperties properties;

    public KlDeliveryWriter(FhirContext fhir, ResourceStore store, KlGatewayProperties properties) {
        this.fhir = fhir;
        this.store = store;
        this.properties = properties;
    }

    /** Writes {@code made} in {@code encoding} (JSON or XML) to {@code out}. */
    public void write(KlGatewayReportService.Made made, EncodingEnum encoding, OutputStream out) throws IOException {
        boolean xml = encoding == EncodingEnum.XML;
        IParser parser = xml ? fhir.newXmlParser() : fhir.newJsonParser();
        String base = properties.resourceBase();
        String wrapper = parser.encodeResourceToString(KlDeliveryReportAssembler.wrap(List.of(), made.deliveryId(), Date.from(made.cutOff()), base));
        String close = xml ? "</Bundle>" : "}";
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(wrapper, 0, wrapper.lastIndexOf(close));
        List<String> ids = made.reportIds();
        if (!xml && !ids.isEmpty()) {
            w.write(",\"entry\":[");
        }
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            Map<String, String> stored = new HashMap<>();
            for (StoredResource s : store.currentMany("Bundle", chunk)) {
                stored.put(s.id(), s.json());
            }
            for (int i = 0; i < chunk.size(); i++) {
                String id = chunk.get(i);
                String fullUrl = base + "/Bundle/" + id;
                if (xml) {
                    w.write("<entry><fullUrl value=\"" + fullUrl + "\"/><resource>");
                    w.write(parser.encodeResourceToString(fhir.newJsonParser().parseResource(Bundle.class, stored.get(id))));
                    w.write("</resource></entry>");
                } else {
                    w.write((from + i == 0 ? "" : ",") + "{\"fullUrl\":\"" + fullUrl.replace("\"", "\\\"") + "\",\"resource\":");
                    w.write(stored.get(id));
                    w.write("}");
                }
            }
        }
        if (!xml && !ids.isEmpty()) {
            w.write("]");
        }
        w.write(close);
        w.flush();
    }
}
