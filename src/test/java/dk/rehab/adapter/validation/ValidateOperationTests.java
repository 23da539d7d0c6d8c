package dk.rehab.adapter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** {@code $validate}: an integrator can check a resource against the profiles without storing anything. */
abstract class ValidateOperationTests extends IntegrationTest {

    @Test
    void aValidPatientHasNoErrorsAndIsNotStored() {
        String cpr = Plans.newCpr();
        Patient patient = Plans.patient(cpr);
        patient.getMeta().addProfile(Canonical.PROFILE_PATIENT);

        Http.Response response = http.json("Patient/$validate", patient);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.outcome().getIssue()).noneMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
        assertThat(http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class).getTotal()).isZero();
    }

    @Test
    void anInvalidPlanGetsTheValidatorsErrors() {
        Http.Response response = http.post("ServiceRequest/$validate", "application/fhir+json",
                TestFiles.read(Examples.dir().resolve("invalid/ServiceRequest-wrong-intent.json")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.outcome().getIssue()).anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
    }

    @Test
    void aNamedProfileIsUsedEvenWhenTheResourceDoesNotClaimIt() {
        Patient noCpr = new Patient();
        noCpr.addName().setFamily("Hansen");

        Http.Response response = http.json("Patient/$validate?profile=" + Canonical.PROFILE_PATIENT, noCpr);

        assertThat(response.outcome().getIssue()).anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                && i.getDiagnostics().contains("cpr"));
    }
}
