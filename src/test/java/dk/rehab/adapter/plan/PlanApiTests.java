package dk.rehab.adapter.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST interactions on plans: create, conditional create, read, vread, history, update with If-Match, $original. */
abstract class PlanApiTests extends IntegrationTest {
    private String patientId;
    private String hospitalId;
    private String cpr;

    @BeforeEach
    void citizenAndHospital() {
        cpr = Plans.newCpr();
        patientId = http.json("Patient", Plans.patient(cpr)).resource(Patient.class).getIdElement().getIdPart();
        hospitalId = http.json("Organization", Plans.hospital(Plans.uniqueSor(), null)).resource(Organization.class)
                .getIdElement().getIdPart();
    }

    private ServiceRequest newPlan() {
        return Plans.plan("Patient/" + patientId, "Organization/" + hospitalId, LocalDate.now().minusDays(1));
    }

    @Test
    void createAloneWithReferencesToExistingResources() {
        Condition diagnosis = Plans.diagnosis("Patient/" + patientId, "DS821");
        String conditionId = http.json("Condition", diagnosis).resource(Condition.class).getIdElement().getIdPart();
        ServiceRequest plan = newPlan();
        plan.addReasonReference(new Reference("Condition/" + conditionId));

        Http.Response created = http.json("ServiceRequest", plan);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).contains("/ServiceRequest/").endsWith("/_history/1");
        assertThat(created.header("ETag")).isEqualTo("W/\"1\"");
        ServiceRequest stored = created.resource(ServiceRequest.class);
        assertThat(stored.getReasonReferenceFirstRep().getReference()).isEqualTo("Condition/" + conditionId);
        assertThat(stored.getExtensionByUrl(Canonical.EXT_START_DEADLINE)).isNotNull();
    }

    @Test
    void citizenCanBeReferencedByCprInsteadOfId() {
        ServiceRequest plan = newPlan();
        plan.setSubject(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(Canonical.SYSTEM_CPR).setValue(cpr)));

        Http.Response created = http.json("ServiceRequest", plan);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.resource(ServiceRequest.class).getSubject().getReference()).isEqualTo("Patient/" + patientId);
    }

    @Test
    void conditionalCreateOnIdentifierReturnsTheExistingPlan() {
        ServiceRequest plan = newPlan();
        String criteria = "identifier=" + plan.getIdentifierFirstRep().getSystem() + "|" + plan.getIdentifierFirstRep().getValue();

        Http.Response first = http.json("ServiceRequest", plan, "If-None-Exist", criteria);
        Http.Response second = http.json("ServiceRequest", plan, "If-None-Exist", criteria);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.resource(ServiceRequest.class).getIdElement().getIdPart())
                .isEqualTo(first.resource(ServiceRequest.class).getIdElement().getIdPart());
        assertThat(client.search().byUrl("ServiceRequest?" + criteria).returnBundle(Bundle.class).execute().getTotal()).isEqualTo(1);
    }

    @Test
    void sameIdentifierWithoutIfNoneExistIsAConflict() {
        ServiceRequest plan = newPlan();
        String firstId = http.json("ServiceRequest", plan).resource(ServiceRequest.class).getIdElement().getIdPart();

        Http.Response second = http.json("ServiceRequest", plan);

        second.assertError(409, "duplicate-identifier");
        assertThat(second.outcome().getIssueFirstRep().getDiagnostics()).contains("ServiceRequest/" + firstId);
        assertThat(second.outcome().getIssueFirstRep().getExpression()).extracting(e -> e.getValue())
                .containsExactly("ServiceRequest.identifier[0]");
    }

    @Test
    void readVreadHistoryAndUpdateWithIfMatch() {
        ServiceRequest created = http.json("ServiceRequest", newPlan()).resource(ServiceRequest.class);
        String id = created.getIdElement().getIdPart();
        ServiceRequest change = created.copy();
        change.setOccurrence(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(LocalDate.now().plusDays(3).toString())));
        change.setId(id);

        Http.Response updated = http.put("ServiceRequest/" + id, fhir.newJsonParser().encodeResourceToString(change), "If-Match", "W/\"1\"");
        Http.Response stale = http.put("ServiceRequest/" + id, fhir.newJsonParser().encodeResourceToString(change), "If-Match", "W/\"1\"");

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("W/\"2\"");
        stale.assertError(412, "precondition-failed");
        ServiceRequest current = client.read().resource(ServiceRequest.class).withId(id).execute();
        assertThat(current.getMeta().getVersionId()).isEqualTo("2");
        assertThat(current.getOccurrencePeriod().getStartElement().getValueAsString()).isEqualTo(LocalDate.now().plusDays(3).toString());
        ServiceRequest v1 = client.read().resource(ServiceRequest.class).withIdAndVersion(id, "1").execute();
        assertThat(v1.hasOccurrence()).isFalse();
        Bundle history = client.history().onInstance("ServiceRequest/" + id).returnBundle(Bundle.class).execute();
        assertThat(history.getType()).isEqualTo(Bundle.BundleType.HISTORY);
        assertThat(history.getEntry()).extracting(e -> e.getResource().getMeta().getVersionId()).containsExactly("2", "1");
        http.get("ServiceRequest/" + id + "/_history/7").assertError(404, "version-not-found");
    }

    @Test
    void updateKeepsTheReceivedDateAndRefusesToChangeIt() {
        ServiceRequest created = http.json("ServiceRequest", newPlan()).resource(ServiceRequest.class);
        String id = created.getIdElement().getIdPart();
        ServiceRequest withoutAuthored = created.copy().setAuthoredOnElement(null);
        withoutAuthored.setId(id);
        ServiceRequest movedAuthored = created.copy().setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2020-01-01"));
        movedAuthored.setId(id);

        Http.Response kept = http.update("ServiceRequest/" + id, withoutAuthored);
        movedAuthored.getMeta().setVersionId(kept.resource(ServiceRequest.class).getMeta().getVersionId());
        Http.Response moved = http.update("ServiceRequest/" + id, movedAuthored);

        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.resource(ServiceRequest.class).getAuthoredOnElement().getValueAsString())
                .isEqualTo(created.getAuthoredOnElement().getValueAsString());
        moved.assertError(422, "invalid-value");
    }

    @Test
    void updateOfAnUnknownPlanIsNotFound() {
        ServiceRequest plan = newPlan();
        plan.setId("does-not-exist");
        plan.getMeta().setVersionId("1");

        http.update("ServiceRequest/does-not-exist", plan).assertError(404, "not-found");
    }

    @Test
    void originalReturnsTheRequestBodyByteForByte() {
        String body = fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(newPlan());
        String id = http.post("ServiceRequest", "application/fhir+json; charset=UTF-8", body).resource(ServiceRequest.class)
                .getIdElement().getIdPart();

        Binary original = client.operation().onInstance("ServiceRequest/" + id).named("$original").withNoParameters(
                org.hl7.fhir.r4.model.Parameters.class).returnResourceType(Binary.class).useHttpGet().execute();

        assertThat(new String(original.getData(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(original.getContentType()).startsWith("application/fhir+json");
    }

    @Test
    void xmlIsAcceptedAndAnswered() {
        String xml = fhir.newXmlParser().encodeResourceToString(newPlan());

        Http.Response created = http.post("ServiceRequest", "application/fhir+xml", xml, "Accept", "application/fhir+xml");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).startsWith("<ServiceRequest xmlns=\"http://hl7.org/fhir\">");
        assertThat(created.resource(ServiceRequest.class).getExtensionByUrl(Canonical.EXT_FREE_CHOICE_DATE)).isNotNull();
    }
}
