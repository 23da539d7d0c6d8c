package dk.rehab.adapter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Strict mode runs the full profile validator on every write: what the rules in code let through but a core FHIR
 * invariant forbids (here con-4: an abated condition cannot be clinically active) is refused with
 * {@code profile-violation}.
 */
@TestPropertySource(properties = "adapter.validation.strict=true")
abstract class StrictModeTests extends IntegrationTest {

    @Test
    void theFullValidatorRefusesWhatOnlyItChecks() {
        String patientId = http.json("Patient", Plans.patient(Plans.newCpr())).resource(Patient.class).getIdElement().getIdPart();
        Condition abatedButActive = Plans.diagnosis("Patient/" + patientId, "DS720");
        abatedButActive.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        abatedButActive.setAbatement(new DateTimeType("2026-01-01"));

        OperationOutcome outcome = http.json("Condition", abatedButActive).assertError(422, "profile-violation");

        assertThat(outcome.getIssue()).anyMatch(i -> i.getDiagnostics().contains("con-4"));
        assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).startsWith("Condition");
    }

    @Test
    void validResourcesPass() {
        Http.Response created = http.json("Patient", Plans.patient(Plans.newCpr()));

        assertThat(created.status()).isEqualTo(201);
    }
}
