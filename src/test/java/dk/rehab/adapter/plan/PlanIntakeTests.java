package dk.rehab.adapter.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.AtOnce;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** A hospital sends a plan as a transaction Bundle; the municipality finds it with its deadlines. */
abstract class PlanIntakeTests extends IntegrationTest {

    @Test
    void transactionStoresPatientHospitalDiagnosisAndPlanWithDeadlines() {
        String cpr = Plans.newCpr();
        LocalDate discharge = LocalDate.now(ZoneId.of("Europe/Copenhagen")).minusDays(1);
        Bundle tx = Plans.transaction(cpr, Plans.hospital(Plans.uniqueSor(), null), discharge);

        Http.Response response = http.json("", tx, "Prefer", "return=representation");

        assertThat(response.status()).isEqualTo(200);
        Bundle answer = response.resource(Bundle.class);
        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(answer.getEntry()).extracting(e -> e.getResponse().getStatus())
                .containsExactly("201 Created", "201 Created", "201 Created", "201 Created");
        assertThat(answer.getEntry().get(3).getResponse().getLocation()).matches("ServiceRequest/[^/]+/_history/1");

        ServiceRequest plan = (ServiceRequest) answer.getEntry().get(3).getResource();
        LocalDate received = LocalDate.now(ZoneId.of("Europe/Copenhagen"));
        assertThat(date(plan, Canonical.EXT_CONTACT_DEADLINE)).isEqualTo(discharge.plusDays(4));
        assertThat(date(plan, Canonical.EXT_START_DEADLINE)).isEqualTo(received.plusDays(7));
        assertThat(date(plan, Canonical.EXT_FREE_CHOICE_DATE)).isEqualTo(discharge.plusDays(7));
        assertThat(plan.getExtensionByUrl(Canonical.EXT_MUNICIPAL_RESPONSIBILITY).getValue().primitiveValue()).isEqualTo("true");
        assertThat(plan.getAuthoredOn()).isNotNull();
        assertThat(plan.getSubject().getReference()).isEqualTo("Patient/" + answer.getEntry().get(0).getResource().getIdElement().getIdPart());
        assertThat(plan.getReasonReferenceFirstRep().getReference()).startsWith("Condition/");

        ServiceRequest read = client.read().resource(ServiceRequest.class).withId(plan.getIdElement().getIdPart()).execute();
        assertThat(read.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(Canonical.PROFILE_PLAN);
        assertThat(date(read, Canonical.EXT_START_DEADLINE)).isEqualTo(received.plusDays(7));
    }

    @Test
    void resentTransactionStoresNothingNew() {
        String cpr = Plans.newCpr();
        Bundle tx = Plans.transaction(cpr, Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(2));
        Bundle first = http.json("", tx).resource(Bundle.class);

        Http.Response again = http.json("", tx);

        assertThat(again.status()).isEqualTo(200);
        Bundle second = again.resource(Bundle.class);
        assertThat(second.getEntry()).extracting(e -> e.getResponse().getStatus())
                .containsExactly("200 OK", "200 OK", "200 OK", "200 OK");
        for (int i = 0; i < 4; i++) {
            assertThat(location(second, i)).isEqualTo(location(first, i));
        }
        Bundle diagnoses = client.search().byUrl("Condition?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)
                .returnBundle(Bundle.class).execute();
        assertThat(diagnoses.getTotal()).isEqualTo(1);
        Bundle plans = client.search().forResource(ServiceRequest.class)
                .where(ServiceRequest.PATIENT.hasChainedProperty(Patient.IDENTIFIER.exactly().systemAndIdentifier(Canonical.SYSTEM_CPR, cpr)))
                .returnBundle(Bundle.class).execute();
        assertThat(plans.getTotal()).isEqualTo(1);
    }

    @Test
    void sameCitizenInTwoPlansIsOnePatientAndSameDepartmentIsOneOrganization() {
        String cpr = Plans.newCpr();
        String sor = Plans.uniqueSor();
        String gln = Plans.gln("57" + sor.substring(sor.length() - 10));
        Organization bySor = Plans.hospital(sor, null);
        Organization byGlnOldSystem = Plans.hospital(null, null);
        byGlnOldSystem.addIdentifier().setSystem(Canonical.SYSTEM_GLN_HTTPS).setValue(gln);
        byGlnOldSystem.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue(sor);

        Bundle first = http.json("", Plans.transaction(cpr, bySor, LocalDate.now().minusDays(3))).resource(Bundle.class);
        Bundle second = http.json("", Plans.transaction(cpr, byGlnOldSystem, LocalDate.now().minusDays(1))).resource(Bundle.class);
        Organization byGlnOnly = Plans.hospital(null, gln);
        Bundle third = http.json("", Plans.transaction(cpr, byGlnOnly, LocalDate.now())).resource(Bundle.class);

        assertThat(location(second, 0)).isEqualTo(location(first, 0));
        assertThat(second.getEntry().get(0).getResponse().getStatus()).isEqualTo("200 OK");
        assertThat(id(second, 1)).isEqualTo(id(first, 1));
        assertThat(id(third, 1)).isEqualTo(id(first, 1));
        Organization hospital = client.read().resource(Organization.class).withId(id(first, 1)).execute();
        assertThat(hospital.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue())
                .containsExactlyInAnyOrder(Canonical.SYSTEM_SOR + "|" + sor, Canonical.SYSTEM_GLN + "|" + gln);
        Bundle patients = client.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(Canonical.SYSTEM_CPR, cpr)).returnBundle(Bundle.class).execute();
        assertThat(patients.getTotal()).isEqualTo(1);
        Bundle plans = client.search().forResource(ServiceRequest.class)
                .where(ServiceRequest.SUBJECT.hasId(id(first, 0))).returnBundle(Bundle.class).execute();
        assertThat(plans.getTotal()).isEqualTo(3);
    }

    @Test
    void specialisedPlanIsAcceptedButNotAMunicipalResponsibility() {
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(1));
        ServiceRequest plan = Plans.planOf(tx);
        plan.getCategory().clear();
        plan.addCategory(Plans.planType(Canonical.PLAN_TYPE_SPECIALISERET));

        Bundle answer = http.json("", tx, "Prefer", "return=representation").resource(Bundle.class);

        ServiceRequest stored = (ServiceRequest) answer.getEntry().get(3).getResource();
        assertThat(stored.getExtensionByUrl(Canonical.EXT_MUNICIPAL_RESPONSIBILITY).getValue().primitiveValue()).isEqualTo("false");
        Bundle notMunicipal = client.search().byUrl("ServiceRequest?municipal-responsibility=false&_id=" + stored.getIdElement().getIdPart())
                .returnBundle(Bundle.class).execute();
        assertThat(notMunicipal.getTotal()).isEqualTo(1);
    }

    @Test
    void laterStartRequiredByThePlanMovesStartDeadlineAndFreeChoiceDate() {
        LocalDate discharge = LocalDate.now(ZoneId.of("Europe/Copenhagen")).minusDays(1);
        LocalDate notBefore = discharge.plusDays(21);
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), discharge);
        Plans.startRequirement(Plans.planOf(tx), "Ikke før såret er helet", notBefore);

        ServiceRequest plan = (ServiceRequest) http.json("", tx, "Prefer", "return=representation").resource(Bundle.class)
                .getEntry().get(3).getResource();

        assertThat(date(plan, Canonical.EXT_START_DEADLINE)).isEqualTo(notBefore);
        assertThat(date(plan, Canonical.EXT_FREE_CHOICE_DATE)).isEqualTo(notBefore.plusDays(7));
        assertThat(date(plan, Canonical.EXT_CONTACT_DEADLINE)).isEqualTo(discharge.plusDays(4));
        assertThat(plan.getExtensionByUrl(Canonical.EXT_HOSPITAL_START_REQUIREMENT).getExtensionByUrl("text").getValue().primitiveValue())
                .isEqualTo("Ikke før såret er helet");
    }

    @Test
    void deadlinesSentByTheClientAreReplacedByTheComputedOnes() {
        LocalDate discharge = LocalDate.now(ZoneId.of("Europe/Copenhagen")).minusDays(2);
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), discharge);
        Plans.planOf(tx).addExtension(Canonical.EXT_START_DEADLINE, new DateType("2099-01-01"));

        ServiceRequest plan = (ServiceRequest) http.json("", tx, "Prefer", "return=representation").resource(Bundle.class)
                .getEntry().get(3).getResource();

        assertThat(plan.getExtensionsByUrl(Canonical.EXT_START_DEADLINE)).hasSize(1);
        assertThat(date(plan, Canonical.EXT_START_DEADLINE)).isBefore(LocalDate.of(2099, 1, 1));
    }

    @Test
    void theSamePlanSentOnEightConnectionsAtOnceIsStoredOnce() throws Exception {
        String cpr = Plans.newCpr();
        Bundle tx = Plans.transaction(cpr, Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(1));
        List<Http.Response> answers = AtOnce.run(8, i -> http.json("", tx));

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.text()).isEqualTo(200));
        assertThat(answers.stream().map(a -> location(a.resource(Bundle.class), 3)).distinct()).hasSize(1);
        assertThat(answers.stream().filter(a -> location(a.resource(Bundle.class), 3) != null)
                .map(a -> a.resource(Bundle.class).getEntry().get(3).getResponse().getStatus()))
                .containsOnlyOnce("201 Created");
        assertThat(count("ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(1);
        assertThat(count("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(1);
    }

    @Test
    void differentPlansForOneNewCitizenAtOnceMakeOnePatient() throws Exception {
        String cpr = Plans.newCpr();
        String sor = Plans.uniqueSor();
        List<Http.Response> answers = AtOnce.run(6, i -> http.json("",
                Plans.transaction(cpr, Plans.hospital(sor, null), LocalDate.now().minusDays(i))));

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.text()).isEqualTo(200));
        assertThat(count("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(1);
        assertThat(count("Organization?identifier=" + Canonical.SYSTEM_SOR + "|" + sor)).isEqualTo(1);
        assertThat(count("ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(6);
    }

    private int count(String query) {
        return http.get(query).resource(Bundle.class).getTotal();
    }

    static LocalDate date(ServiceRequest plan, String url) {
        return LocalDate.parse(((DateType) plan.getExtensionByUrl(url).getValue()).getValueAsString());
    }

    private static String location(Bundle answer, int entry) {
        return answer.getEntry().get(entry).getResponse().getLocation();
    }

    private static String id(Bundle answer, int entry) {
        return List.of(location(answer, entry).split("/")).get(1);
    }
}
