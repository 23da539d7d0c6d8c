package dk.rehab.adapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Every documented client error: status, OperationOutcome code, element, and nothing half-stored. */
@ExtendWith(OutputCaptureExtension.class)
abstract class ErrorTests extends IntegrationTest {

    private static String expression(OperationOutcome outcome) {
        return outcome.getIssueFirstRep().getExpression().isEmpty() ? null : outcome.getIssueFirstRep().getExpression().get(0).getValue();
    }

    @Test
    void malformedJsonAndXml() {
        Http.Response json = http.post("Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",");
        Http.Response xml = http.post("Patient", "application/fhir+xml", "<Patient xmlns=\"http://hl7.org/fhir\"><name>");
        Http.Response unknownElement = http.post("Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"colour\":\"blue\"}");

        json.assertError(400, "malformed-body");
        xml.assertError(400, "malformed-body");
        assertThat(unknownElement.assertError(400, "malformed-body").getIssueFirstRep().getDiagnostics()).contains("colour");
        assertThat(json.outcome().getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.STRUCTURE);
    }

    @Test
    void wrongResourceTypeAndWrongContentType() {
        http.post("Patient", "application/fhir+json", "{\"resourceType\":\"Organization\",\"name\":\"x\"}")
                .assertError(400, "wrong-resource-type");
        http.post("Patient", "text/plain", "hello").assertError(415, "unsupported-media-type");
        http.post("", "application/fhir+json", "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}").assertError(400, "invalid-request");
    }

    @Test
    void missingRequiredElementsAreAllNamed() {
        ServiceRequest plan = new ServiceRequest();
        plan.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);

        OperationOutcome outcome = http.json("ServiceRequest", plan).assertError(422, "required-element-missing");

        assertThat(outcome.getIssue()).extracting(i -> i.getExpression().get(0).getValue()).contains(
                "ServiceRequest.identifier", "ServiceRequest.intent", "ServiceRequest.code", "ServiceRequest.category",
                "ServiceRequest.subject", "ServiceRequest.requester",
                "ServiceRequest.extension('" + Canonical.EXT_PRECONDITION_DATE + "')");
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.REQUIRED);
    }

    @Test
    void invalidCprNumbers() {
        Patient nineDigits = Plans.patient("251248491");
        Patient impossibleDate = Plans.patient("3102481234");
        Patient letters = Plans.patient("25124849AB");

        for (Patient patient : new Patient[] {nineDigits, impossibleDate, letters}) {
            OperationOutcome outcome = http.json("Patient", patient).assertError(422, "invalid-cpr");
            assertThat(expression(outcome)).isEqualTo("Patient.identifier[0].value");
            assertThat(outcome.getIssueFirstRep().getDiagnostics()).doesNotContain(patient.getIdentifierFirstRep().getValue());
        }
        assertThat(http.json("Patient", Plans.patient("2902004234")).status()).isEqualTo(201);
    }

    @Test
    void unknownCodesWhereAValueSetIsRequired() {
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital("265161000016000", null), LocalDate.now());
        ServiceRequest plan = Plans.planOf(tx);
        plan.getCategoryFirstRep().getCodingFirstRep().setCode("not-a-plan-type");
        plan.getCode().getCodingFirstRep().setCode("not-a-service");

        OperationOutcome outcome = http.json("", tx).assertError(422, "unknown-code");

        assertThat(outcome.getIssue()).extracting(i -> i.getExpression().get(0).getValue())
                .contains("Bundle.entry[3].resource.category[0]", "Bundle.entry[3].resource.code");
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
    }

    @Test
    void referencesToResourcesThatDoNotExist() {
        ServiceRequest plan = Plans.plan("Patient/nobody", "Organization/nowhere", LocalDate.now());
        plan.addReasonReference(new Reference("Condition/none"));

        OperationOutcome outcome = http.json("ServiceRequest", plan).assertError(422, "reference-not-found");

        assertThat(outcome.getIssue()).extracting(i -> i.getExpression().get(0).getValue()).containsExactlyInAnyOrder(
                "ServiceRequest.subject.reference", "ServiceRequest.requester.reference", "ServiceRequest.reasonReference[0].reference");
        ServiceRequest wrongType = Plans.plan("Organization/x", "Organization/y", LocalDate.now());
        http.json("ServiceRequest", wrongType).assertError(422, "invalid-reference");
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        String cpr = Plans.newCpr();
        Bundle tx = Plans.transaction(cpr, Plans.hospital(String.valueOf(100000000000L + System.nanoTime() % 100000000000L), null), LocalDate.now());
        Plans.planOf(tx).getExtension().clear();

        OperationOutcome outcome = http.json("", tx).assertError(422, "required-element-missing");

        assertThat(expression(outcome)).isEqualTo("Bundle.entry[3].resource.extension('" + Canonical.EXT_PRECONDITION_DATE + "')");
        Bundle patients = http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class);
        assertThat(patients.getTotal()).isZero();
    }

    @Test
    void unknownExtensionsAndBrokenCoreInvariantsAreRefused() {
        Patient patient = Plans.patient(Plans.newCpr());
        patient.addExtension("http://example.org/fhir/StructureDefinition/shoe-size", new org.hl7.fhir.r4.model.IntegerType(44));
        patient.addAddress().setCity("Ishøj").setPeriod(new org.hl7.fhir.r4.model.Period()
                .setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2026-05-01"))
                .setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2020-01-01")));

        OperationOutcome outcome = http.json("Patient", patient).assertError(422, "invalid-value");

        assertThat(outcome.getIssue()).extracting(i -> i.getExpression().get(0).getValue())
                .containsExactlyInAnyOrder("Patient.extension[0]", "Patient.address[0].period");
        ServiceRequest misplaced = Plans.plan("Patient/x", "Organization/y", LocalDate.now());
        misplaced.getSubject().addExtension(Canonical.EXT_CITIZEN_CONSENT, new org.hl7.fhir.r4.model.BooleanType(true));
        assertThat(http.json("ServiceRequest", misplaced).outcome().getIssue())
                .anyMatch(i -> i.getExpression().get(0).getValue().equals("ServiceRequest.subject.extension[0]"));
    }

    @Test
    void unknownIdsTypesAndInteractions() {
        http.get("ServiceRequest/nope").assertError(404, "not-found");
        http.get("Medication/1").assertError(404, "unknown-resource-type");
        http.delete("Patient/whatever").assertError(405, "method-not-allowed");
    }

    @Test
    void identifiersOfOrganizationsAreChecked() {
        var badGln = Plans.hospital(null, "5790001354146");
        var badSor = Plans.hospital("12ab", null);

        assertThat(expression(http.json("Organization", badGln).assertError(422, "invalid-identifier")))
                .isEqualTo("Organization.identifier[0].value");
        http.json("Organization", badSor).assertError(422, "invalid-identifier");
        http.json("Organization", new org.hl7.fhir.r4.model.Organization().setName("no ids")).assertError(422, "required-element-missing");
    }

    @Test
    void cprNumbersNeverReachTheLog(CapturedOutput output) {
        String cpr = Plans.newCpr();
        http.json("Patient", Plans.patient(cpr.substring(0, 9)));
        http.get("ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr);
        http.post("Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
                + Canonical.SYSTEM_CPR + "\",\"value\":" + cpr + "}]}");
        http.json("Patient", Plans.patient(cpr));
        Bundle tx = Plans.transaction(cpr, Plans.hospital("265161000016000", null), LocalDate.now());
        Plans.planOf(tx).setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        http.json("", tx);

        assertThat(output.getAll()).doesNotContain(cpr).doesNotContain(cpr.substring(0, 9));
    }

    @Test
    void everyErrorCodeIsPublishedInTheCodeSystem() {
        var codeSystem = new java.io.File("profiles/CodeSystem-error-codes.json");
        var parsed = fhir.newJsonParser().parseResource(org.hl7.fhir.r4.model.CodeSystem.class,
                readString(codeSystem.toPath()));
        assertThat(parsed.getUrl()).isEqualTo(Canonical.CS_ERROR);
        assertThat(parsed.getConcept()).extracting(c -> c.getCode())
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
        assertThat(new Coding()).isNotNull();
    }

    private static String readString(java.nio.file.Path path) {
        try {
            return java.nio.file.Files.readString(path);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
