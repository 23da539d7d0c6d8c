package dk.rehab.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.AtOnce;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestDatabase;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances, one database, one truth: two adapters (two application contexts, each with its own connection pool and
 * web server) on one PostgreSQL schema, sent the same work at the same moment. The same plan becomes one plan; the same
 * citizen in different plans becomes one Patient; the last place of a team session is booked once. There is no H2
 * variant: the embedded H2 database is opened by one process at a time, so two instances cannot share it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL_VARIABLE, matches = ".+",
        disabledReason = "two instances need a shared PostgreSQL (embedded H2 is single-process): set ADAPTER_TEST_POSTGRES_URL")
class TwoInstancesPostgresTest {
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private Http a;
    private Http b;

    @BeforeAll
    void start() {
        Map<String, Object> properties = new HashMap<>(TestDatabase.postgres("it_two_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8)));
        properties.put("spring.profiles.active", "postgres");
        properties.put("server.port", "0");
        properties.put("adapter.delivery.enabled", "true");
        a = start(properties);
        b = start(properties);
    }

    private Http start(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(RehabAdapterApplication.class).run(args);
        apps.add(app);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new Http(app.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
    }

    @AfterAll
    void stop() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    /** Instance a for even calls, b for odd ones. */
    private Http on(int i) {
        return i % 2 == 0 ? a : b;
    }

    @Test
    void theSamePlanSentToBothInstancesAtOnceBecomesOnePlan() throws Exception {
        String cpr = Plans.newCpr();
        Bundle tx = Plans.transaction(cpr, Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(1));
        List<Http.Response> answers = AtOnce.run(8, i -> on(i).json("", tx));

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.text()).isEqualTo(200));
        assertThat(answers.stream().map(r -> r.resource(Bundle.class).getEntry().get(3).getResponse().getLocation()).distinct()).hasSize(1);
        assertThat(answers.stream().map(r -> r.resource(Bundle.class).getEntry().get(3).getResponse().getStatus())).containsOnlyOnce("201 Created");
        for (Http instance : List.of(a, b)) {
            assertThat(count(instance, "ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(1);
            assertThat(count(instance, "Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(1);
        }
    }

    @Test
    void theSamePlanMessageSentToBothInstancesAtOnceBecomesOnePlanAndOneAnswer() throws Exception {
        String cpr = Plans.newCpr();
        Bundle message = Messages.newPlan(cpr, LocalDate.now().minusDays(1));
        List<Http.Response> answers = AtOnce.run(6, i -> on(i).json("$process-message", message));

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.text()).isEqualTo(200));
        assertThat(answers.stream().map(Http.Response::text).distinct()).as("one acknowledgement, the same from both instances").hasSize(1);
        assertThat(Messages.ackHeader(answers.get(0).resource(Bundle.class)).getResponse().getCode().toCode()).isEqualTo("ok");
        for (Http instance : List.of(a, b)) {
            assertThat(count(instance, "ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(1);
            assertThat(count(instance, "Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(1);
        }
    }

    @Test
    void theSameCitizenInDifferentPlansOnBothInstancesAtOnceBecomesOnePatient() throws Exception {
        String cpr = Plans.newCpr();
        String sor = Plans.uniqueSor();
        List<Http.Response> answers = AtOnce.run(6, i -> on(i).json("",
                Plans.transaction(cpr, Plans.hospital(sor, null), LocalDate.now().minusDays(1 + i))));

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.text()).isEqualTo(200));
        assertThat(answers.stream().map(r -> r.resource(Bundle.class).getEntry().get(0).getResponse().getLocation()
                .replaceAll("/_history/.*", "")).distinct()).as("every plan names the same Patient").hasSize(1);
        for (Http instance : List.of(a, b)) {
            assertThat(count(instance, "Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(1);
            assertThat(count(instance, "Organization?identifier=" + Canonical.SYSTEM_SOR + "|" + sor)).isEqualTo(1);
            assertThat(count(instance, "ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)).isEqualTo(6);
        }
    }

    @Test
    void theLastPlaceOfATeamBookedFromBothInstancesAtOnceIsBookedOnce() throws Exception {
        String t1 = "Practitioner/" + a.json("Practitioner", Courses.therapist("Hansen")).resource(Practitioner.class).getIdElement().getIdPart();
        String t2 = "Practitioner/" + b.json("Practitioner", Courses.therapist("Olsen")).resource(Practitioner.class).getIdElement().getIdPart();
        String team = "HealthcareService/" + a.json("HealthcareService", Courses.team("Balancehold", 6)).resource(HealthcareService.class)
                .getIdElement().getIdPart();
        OffsetDateTime thursday = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusDays(5).withHour(10);
        for (int i = 0; i < 5; i++) {
            Http.Response booked = book(on(i), course(on(i)), thursday, team, t1, t2);
            assertThat(booked.status()).as(booked.text()).isEqualTo(201);
        }
        List<EpisodeOfCare> waiting = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waiting.add(course(on(i)));
        }

        List<Http.Response> answers = AtOnce.run(6, i -> book(on(i), waiting.get(i), thursday, team, t1, t2));

        assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(r -> r.status() != 201).hasSize(5)
                .allSatisfy(r -> r.assertError(422, "team-full"));
        for (Http instance : List.of(a, b)) {
            assertThat(count(instance, "Appointment?team=" + team + "&status=booked")).isEqualTo(6);
        }
    }

    private EpisodeOfCare course(Http on) {
        String patient = "Patient/" + on.json("Patient", Plans.patient(Plans.newCpr())).resource(Patient.class).getIdElement().getIdPart();
        Http.Response created = on.json("EpisodeOfCare", Courses.course(patient, null, "sel-86-1", "geriatri", "geriatri-balancehold"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.resource(EpisodeOfCare.class);
    }

    private static Http.Response book(Http on, EpisodeOfCare course, OffsetDateTime start, String team, String... therapists) {
        return on.json("Appointment", Courses.session("EpisodeOfCare/" + course.getIdElement().getIdPart(), course.getPatient().getReference(),
                "group", start, 45, team, therapists));
    }

    private static int count(Http on, String query) {
        return on.get(query).resource(Bundle.class).getTotal();
    }
}
