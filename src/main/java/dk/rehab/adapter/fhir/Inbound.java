package dk.rehab.adapter.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.rehab.adapter.store.InboundDocuments;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/** Keeps the body of an accepted request, byte for byte, linked to the resource versions it produced. */
@Component
public class Inbound {
    private final InboundDocuments documents;

    public Inbound(InboundDocuments documents) {
        this.documents = documents;
    }

    public void keep(RequestDetails request, String channel, List<? extends Resource> produced) {
        if (produced.isEmpty()) {
            return;
        }
        byte[] body = request.loadRequestContents();
        String contentType = request.getHeader("Content-Type");
        long id = documents.save(channel, contentType == null ? "application/octet-stream" : contentType, body == null ? new byte[0] : body);
        documents.link(id, produced.stream().map(r -> new Object[] {r.fhirType(), r.getIdElement().getIdPart(),
                Integer.parseInt(r.getMeta().getVersionId())}).toList());
    }
}
