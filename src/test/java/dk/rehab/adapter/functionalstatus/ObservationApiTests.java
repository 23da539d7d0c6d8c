package dk.rehab.adapter.functionalstatus;

import static dk.rehab.adapter.support.FunctionalStatus.FORFLYTTE_SIG;
import static dk.rehab.adapter.support.FunctionalStatus.GAA;
import static dk.rehab.adapter.support.FunctionalStatus.LAVE_MAD;
import static dk.rehab.adapter.support.FunctionalStatus.LEVELS;
import static dk.rehab.adapter.support.FunctionalStatus.observation;
import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.CourseFixtures;
import dk.rehab.adapter.support.FunctionalStatus;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** {@code /Observation}: functional status in FSIII, its rules, searches and $lastn. */
abstract class ObservationApiTests extends IntegrationTest {
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 10, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    @Autowired
    ApplicationContext context;

    CourseFixtures fixtures;
    String cpr;
    String patientId;
    String therapist;
    String course140;
    String course86;

    @BeforeEach
    void data() {
        fixtures = new CourseFixtures(context);
        cpr = Plans.newCpr();
        patientId = http.json("Patient", Plans.patient(cpr)).resource(Patient.class).getIdElement().getIdPart();
        therapist = fixtures.therapist();
        course140 = fixtures.course(patientId, null, therapist, null, "sul-140", LocalDate.of(2026, 10, 1));
        course86 = fixtures.course(patientId, null, therapist, null, "sel-86-1", LocalDate.of(2026, 10, 1));
    }

    private Http.Response create(Observation o) {
        return http.json("Observation", o);
    }

    @Test
    void storesAFunctionalStatusWithItsLevelPhaseRatingAndExpectedLevel() {
        Observation o = FunctionalStatus.citizensRating(FunctionalStatus.expected(
                observation(patientId, course140, therapist, LAVE_MAD, 3, "start", T0), 1));
        Http.Response created = create(o);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Observation stored = http.get("Observation/" + created.resource(Observation.class).getIdElement().getIdPart()).resource(Observation.class);
        assertThat(stored.getCode().getCodingFirstRep().getDisplay()).isEqualTo("Lave mad");
        assertThat(stored.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo(LEVELS[3]);
        assertThat(stored.getValueCodeableConcept().getCodingFirstRep().getDisplay()).isEqualTo("3");
        assertThat(stored.getComponent()).hasSize(3);
        assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(Canonical.PROFILE_FUNCTIONAL_STATUS);
    }

    @Test
    void aLegacyCodeIsStoredAsItsUuid() {
        Observation o = observation(patientId, course86, therapist, "J3.8", 2, "start", T0);
        Http.Response created = create(o);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Coding code = created.resource(Observation.class).getCode().getCodingFirstRep();
        assertThat(code.getCode()).isEqualTo(GAA);
        assertThat(code.getDisplay()).isEqualTo("Gå");
        Observation legacyLevel = observation(patientId, course140, therapist, "2bd07f7c_e6bb_424b_ab8f_f7c1de2afe80", 0, "start", T0);
        legacyLevel.getValueCodeableConcept().getCodingFirstRep().setCode("B3"); // KL: B1 = level 0 … B5 = level 4, B6 = 9
        Http.Response second = create(legacyLevel);
        assertThat(second.status()).as(second.text()).isEqualTo(201);
        assertThat(second.resource(Observation.class).getCode().getCodingFirstRep().getCode()).isEqualTo(LAVE_MAD);
        assertThat(second.resource(Observation.class).getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo(LEVELS[2]);
    }

    @Test
    void refusesAnUnknownAreaALevelOutsideTheScaleAndAnAreaTheCourseDoesNotAllow() {
        Observation unknown = observation(patientId, course86, therapist, "not-a-code", 2, "start", T0);
        create(unknown).assertError(422, "unknown-code").getIssue().forEach(i ->
                assertThat(i.getExpression().get(0).getValue()).isEqualTo("Observation.code.coding[0].code"));

        Observation level = observation(patientId, course86, therapist, LAVE_MAD, 2, "start", T0);
        level.getValueCodeableConcept().getCodingFirstRep().setCode(Canonical.FSIII_PERFORMANCE);
        OperationOutcome outcome = create(level).assertError(422, "unknown-code");
        assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("Observation.value.coding[0].code");

        OperationOutcome notFor140 = create(observation(patientId, course140, therapist, GAA, 2, "start", T0)).assertError(422, "unknown-code");
        assertThat(notFor140.getIssueFirstRep().getDiagnostics()).contains("§ 140");
        assertThat(create(observation(patientId, course86, therapist, GAA, 2, "start", T0)).status()).isEqualTo(201);

        Observation phase = observation(patientId, course86, therapist, LAVE_MAD, 2, "middle", T0);
        create(phase).assertError(422, "unknown-code");
        assertThat(http.get("Observation?patient=" + patientId).resource(Bundle.class).getTotal()).isEqualTo(1);
    }

    @Test
    void refusesAMissingCourseACourseOfAnotherCitizenAndAMissingPerformer() {
        Observation noCourse = observation(patientId, course86, therapist, LAVE_MAD, 2, "start", T0);
        noCourse.getExtension().removeIf(e -> e.getUrl().equals(Canonical.EXT_COURSE));
        create(noCourse).assertError(422, "required-element-missing");

        String other = http.json("Patient", Plans.patient(Plans.newCpr())).resource(Patient.class).getIdElement().getIdPart();
        create(observation(other, course86, therapist, LAVE_MAD, 2, "start", T0)).assertError(422, "invalid-reference");

        Observation noPerformer = observation(patientId, course86, therapist, LAVE_MAD, 2, "start", T0);
        noPerformer.getPerformer().clear();
        create(noPerformer).assertError(422, "required-element-missing");
        create(observation(patientId, "no-such-course", therapist, LAVE_MAD, 2, "start", T0)).assertError(422, "reference-not-found");
    }

    @Test
    void searchesByPatientCprCourseCodeDatePhaseAndTheLatestLevelPerAreaIsOneQuery() {
        assertThat(create(observation(patientId, course140, therapist, LAVE_MAD, 3, "start", T0)).status()).isEqualTo(201);
        assertThat(create(observation(patientId, course140, therapist, FORFLYTTE_SIG, 4, "start", T0)).status()).isEqualTo(201);
        assertThat(create(observation(patientId, course140, therapist, LAVE_MAD, 2, "follow-up", T0.plusDays(14))).status()).isEqualTo(201);
        assertThat(create(observation(patientId, course140, therapist, LAVE_MAD, 1, "end", T0.plusDays(30))).status()).isEqualTo(201);
        assertThat(create(observation(patientId, course86, therapist, GAA, 2, "start", T0.plusDays(2))).status()).isEqualTo(201);

        assertThat(total("Observation?patient=" + patientId)).isEqualTo(5);
        assertThat(total("Observation?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(5);
        assertThat(total("Observation?course=EpisodeOfCare/" + course140)).isEqualTo(4);
        assertThat(total("Observation?patient=" + patientId + "&code=" + Canonical.CS_FSIII + "|" + LAVE_MAD)).isEqualTo(3);
        assertThat(total("Observation?patient=" + patientId + "&code=J3.8")).isEqualTo(1);
        assertThat(total("Observation?patient=" + patientId + "&phase=start")).isEqualTo(3);
        assertThat(total("Observation?patient=" + patientId + "&date=ge2026-10-15")).isEqualTo(2);
        assertThat(total("Observation?patient=" + patientId + "&date=2026-10-01")).isEqualTo(2);

        Bundle latest = http.get("Observation/$lastn?patient=Patient/" + patientId).resource(Bundle.class);
        assertThat(latest.getEntry()).hasSize(3);
        assertThat(latest.getEntry()).extracting(e -> ((Observation) e.getResource()).getValueCodeableConcept().getCodingFirstRep().getDisplay())
                .containsExactlyInAnyOrder("1", "4", "2");
        Bundle lastTwo = http.get("Observation/$lastn?patient=Patient/" + patientId + "&max=2&code=" + LAVE_MAD).resource(Bundle.class);
        assertThat(lastTwo.getEntry()).extracting(e -> ((Observation) e.getResource()).getValueCodeableConcept().getCodingFirstRep().getDisplay())
                .containsExactly("1", "2");
        http.get("Observation/$lastn").assertError(400, "invalid-search-parameter");
    }

    private int total(String search) {
        Http.Response response = http.get(search);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.resource(Bundle.class).getTotal();
    }
}
