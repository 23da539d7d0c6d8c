package dk.rehab.adapter.klgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Without {@code adapter.kl-gateway.endpoint} the reports are made and kept, each Task waits as {@code no-endpoint} and
 * says so, and {@code $retry} answers 409 {@code delivery-not-retryable} naming the key to configure.
 */
abstract class KlGatewayNoEndpointTests extends IntegrationTest {
    @DynamicPropertySource
    static void noEndpoint(DynamicPropertyRegistry registry) {
        registry.add("adapter.kl-gateway.endpoint", () -> "");
    }

    @Test
    void reportsWaitAsNoEndpointAndRetryNamesTheKey() {
        String cpr = Plans.newCpr();
        String patient = "Patient/" + http.json("Patient", Plans.patient(cpr)).resource(Patient.class).getIdElement().getIdPart();
        String hospital = "Organization/" + http.json("Organization", Plans.hospital(Plans.uniqueSor(), null)).resource(Organization.class)
                .getIdElement().getIdPart();
        assertThat(http.json("ServiceRequest", Plans.plan(patient, hospital, LocalDate.now().minusDays(1))).status()).isEqualTo(201);
        Http.Response response = http.json("$kl-gateway-report", KlGatewayReportTests.period(LocalDate.now().minusDays(1), LocalDate.now().plusDays(1)));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        Bundle report = response.resource(Bundle.class).getEntry().stream().map(e -> (Bundle) e.getResource())
                .filter(r -> ((Patient) r.getEntryFirstRep().getResource()).getIdentifierFirstRep().getValue().equals(cpr))
                .findFirst().orElseThrow();
        Task task = (Task) http.get("Task?focus=Bundle/" + report.getIdElement().getIdPart()).resource(Bundle.class).getEntryFirstRep().getResource();
        assertThat(task.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("no-endpoint");
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.ONHOLD);
        http.post("Task/" + task.getIdElement().getIdPart() + "/$retry", "application/fhir+json", "{\"resourceType\":\"Parameters\"}")
                .assertError(409, "delivery-not-retryable");
        assertThat(http.post("Task/" + task.getIdElement().getIdPart() + "/$retry", "application/fhir+json", "{\"resourceType\":\"Parameters\"}")
                .outcome().getIssueFirstRep().getDiagnostics()).contains("adapter.kl-gateway.endpoint");
    }
}
