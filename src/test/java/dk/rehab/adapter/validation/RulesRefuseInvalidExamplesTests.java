package dk.rehab.adapter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import java.nio.file.Path;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/**
 * The rules the server checks in code refuse what the profiles refuse: every instance in {@code examples/invalid/}
 * sent to the server is answered 4xx for a reason of its own — not merely because the example's references point
 * at resources this server does not hold — and the valid plan transaction is accepted.
 */
abstract class RulesRefuseInvalidExamplesTests extends IntegrationTest {

    @Test
    void everyInvalidExampleIsRefused() {
        for (Path file : Examples.invalid()) {
            IBaseResource resource = TestFiles.parse(file);
            boolean message = resource instanceof org.hl7.fhir.r4.model.MessageHeader
                    || resource instanceof Bundle b && b.getType() == Bundle.BundleType.MESSAGE;
            String path = message ? "$process-message" : resource instanceof Bundle ? "" : resource.fhirType();
            Http.Response response = http.post(path, "application/fhir+json", TestFiles.read(file));
            if (message && response.status() == 200) {
                // A message is answered with an acknowledgement: refused = fatal-error with issues of its own.
                Bundle ack = response.resource(Bundle.class);
                var header = (org.hl7.fhir.r4.model.MessageHeader) ack.getEntryFirstRep().getResource();
                assertThat(header.getResponse().getCode()).as("%s: %s", file.getFileName(), response.text())
                        .isEqualTo(org.hl7.fhir.r4.model.MessageHeader.ResponseType.FATALERROR);
                assertThat(ack.getEntry()).as("%s is refused for its own fault: %s", file.getFileName(), response.text())
                        .anyMatch(e -> e.getResource() instanceof OperationOutcome o && o.getIssue().stream()
                                .anyMatch(i -> !"reference-not-found".equals(i.getDetails().getText())));
                continue;
            }

            assertThat(response.status()).as("%s: %s", file.getFileName(), response.text()).isBetween(400, 499);
            OperationOutcome outcome = response.outcome();
            assertThat(outcome.getIssue()).as("%s is refused for its own fault: %s", file.getFileName(), response.text())
                    .anyMatch(i -> !"reference-not-found".equals(i.getDetails().getCodingFirstRep().getCode()));
        }
    }

    @Test
    void theValidExampleMessageIsAccepted() {
        Http.Response response = http.post("$process-message", "application/fhir+json", TestFiles.read(Examples.dir().resolve("Bundle-plan-message.json")));

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        var header = (org.hl7.fhir.r4.model.MessageHeader) response.resource(Bundle.class).getEntryFirstRep().getResource();
        assertThat(header.getResponse().getCode()).as(response.text()).isEqualTo(org.hl7.fhir.r4.model.MessageHeader.ResponseType.OK);
    }

    @Test
    void theValidExampleTransactionIsAccepted() {
        Http.Response response = http.post("", "application/fhir+json", TestFiles.read(Examples.dir().resolve("Bundle-plan-transaction.json")));

        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }
}
