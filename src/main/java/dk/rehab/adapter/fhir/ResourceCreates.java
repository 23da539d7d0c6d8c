package dk.rehab.adapter.fhir;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.rehab.adapter.transaction.ResourceWriter;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * The REST create interaction: one transaction that stores the resource and the request body, answered with
 * 201 (created) or 200 (the resource existed: If-None-Exist match or identity match).
 */
@Component
public class ResourceCreates {
    private final WriteTransactions transactions;
    private final ResourceWriter writer;
    private final Inbound inbound;

    public ResourceCreates(WriteTransactions transactions, ResourceWriter writer, Inbound inbound) {
        this.transactions = transactions;
        this.writer = writer;
        this.inbound = inbound;
    }

    public MethodOutcome create(Resource resource, String ifNoneExist, RequestDetails request) {
        Resource copy = ClientCopies.copy(resource, resource == null ? null : resource.fhirType());
        WriteOutcome<? extends Resource> outcome = transactions.run(() -> {
            WriteOutcome<? extends Resource> result = writer.create(copy.copy(), ifNoneExist, copy.fhirType(), WriteScope.single());
            if (result.created()) {
                inbound.keep(request, "fhir-rest", List.of(result.resource()));
            }
            return result;
        });
        MethodOutcome answer = new MethodOutcome(outcome.resource().getIdElement());
        answer.setCreated(outcome.created());
        answer.setResource(outcome.resource());
        return answer;
    }
}
