package dk.rehab.adapter.klgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.FhirReceiver;
import dk.rehab.adapter.support.FunctionalStatus;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /fhir/$kl-gateway-report} end to end, with a real receiving FHIR server standing in for KL Gateway
 * ({@link FhirReceiver}): data made through the API (plan, course, sessions, FSIII assessments), the report answered as a
 * {@code klgateway-140-incremental-delivery}, each citizen's report delivered once through the outbox with a Task
 * showing it; a report KL refuses is {@code failed} with KL's OperationOutcome on the Task; incremental takes only what
 * changed since the last delivery KL accepted; bad parameters are 400 with stable codes; who may call it.
 */
abstract class KlGatewayReportTests extends IntegrationTest {
    /** Stands in for KL Gateway; lives as long as the test JVM (the application context pointing at it is cached). */
    static final FhirReceiver KL = new FhirReceiver(ca.uhn.fhir.context.FhirContext.forR4Cached());

    @DynamicPropertySource
    static void klGateway(DynamicPropertyRegistry registry) {
        registry.add("adapter.kl-gateway.endpoint", KL::base);
        registry.add("adapter.delivery.poll-interval", () -> "200ms");
        registry.add("adapter.delivery.initial-backoff", () -> "300ms");
    }

    String cpr;
    String patient;
    String hospital;
    String centre;
    String therapist;

    @BeforeEach
    void people() {
        cpr = Plans.newCpr();
        patient = "Patient/" + ok(http.json("Patient", Plans.patient(cpr)), 201, Patient.class).getIdElement().getIdPart();
        hospital = "Organization/" + ok(http.json("Organization", Plans.hospital(Plans.uniqueSor(), null)), 201, Organization.class)
                .getIdElement().getIdPart();
        centre = "Organization/" + ok(http.json("Organization", Plans.hospital(Plans.uniqueSor(), null).setName("Ishøj Kommune, Genoptræning")),
                201, Organization.class).getIdElement().getIdPart();
        therapist = "Practitioner/" + ok(http.json("Practitioner", Courses.therapist("Hansen")), 201, Practitioner.class).getIdElement().getIdPart();
    }

    static <T extends Resource> T ok(Http.Response response, int status, Class<T> type) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        return response.resource(type);
    }

    static Parameters period(LocalDate start, LocalDate end) {
        Parameters p = new Parameters();
        if (start != null) {
            p.addParameter().setName("start").setValue(new DateType(start.toString()));
        }
        if (end != null) {
            p.addParameter().setName("end").setValue(new DateType(end.toString()));
        }
        return p;
    }

    static Parameters incremental() {
        Parameters p = new Parameters();
        p.addParameter().setName("incremental").setValue(new BooleanType(true));
        return p;
    }

    /**
     * A plan discharged {@code discharge}, a course with an assessment and a training session (at the citizen's home) held,
     * one cancelled, FSIII start and end.
     */
    String finishedCourse(LocalDate discharge) {
        ServiceRequest plan = ok(http.json("ServiceRequest", Plans.plan(patient, hospital, discharge)), 201, ServiceRequest.class);
        String planRef = "ServiceRequest/" + plan.getIdElement().getIdPart();
        EpisodeOfCare course = Courses.course(patient, planRef, "sul-140", "geriatri", null);
        course.setManagingOrganization(new Reference(centre));
        course.setCareManager(new Reference(therapist));
        course = ok(http.json("EpisodeOfCare", course), 201, EpisodeOfCare.class);
        String courseRef = "EpisodeOfCare/" + course.getIdElement().getIdPart();
        OffsetDateTime day = discharge.plusDays(2).atTime(9, 0).atOffset(ZoneOffset.UTC);
        Appointment first = ok(http.json("Appointment", Courses.session(courseRef, patient, "assessment", day, 60, null, therapist)), 201, Appointment.class);
        first.setStatus(Appointment.AppointmentStatus.FULFILLED);
        ok(http.update("Appointment/" + first.getIdElement().getIdPart(), first), 200, Appointment.class);
        course = http.get(courseRef).resource(EpisodeOfCare.class);
        course.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        course = ok(http.update(courseRef, course), 200, EpisodeOfCare.class);
        Appointment atHome = Courses.session(courseRef, patient, "individual", day.plusDays(3), 45, null, therapist);
        atHome.getExtensionByUrl(Canonical.EXT_SESSION_PLACE).setValue(new org.hl7.fhir.r4.model.Coding(Canonical.CS_SESSION_PLACES, "home", null));
        Appointment training = ok(http.json("Appointment", atHome), 201, Appointment.class);
        training.setStatus(Appointment.AppointmentStatus.FULFILLED);
        ok(http.update("Appointment/" + training.getIdElement().getIdPart(), training), 200, Appointment.class);
        Appointment cancelled = ok(http.json("Appointment", Courses.session(courseRef, patient, "individual", day.plusDays(6), 45, null, therapist)),
                201, Appointment.class);
        Courses.cancel(cancelled, "citizen-ill");
        ok(http.update("Appointment/" + cancelled.getIdElement().getIdPart(), cancelled), 200, Appointment.class);
        String patientId = patient.substring("Patient/".length());
        String courseId = course.getIdElement().getIdPart();
        String therapistId = therapist.substring("Practitioner/".length());
        ok(http.json("Observation", FunctionalStatus.observation(patientId, courseId, therapistId, FunctionalStatus.LAVE_MAD, 3, "start",
                day.plusHours(1))), 201, org.hl7.fhir.r4.model.Observation.class);
        ok(http.json("Observation", FunctionalStatus.observation(patientId, courseId, therapistId, FunctionalStatus.LAVE_MAD, 1, "end",
                day.plusDays(7))), 201, org.hl7.fhir.r4.model.Observation.class);
        course = http.get(courseRef).resource(EpisodeOfCare.class);
        Courses.end(course, EpisodeOfCare.EpisodeOfCareStatus.FINISHED, Canonical.END_REASON_NO_NEED_PROFESSIONAL);
        ok(http.update(courseRef, course), 200, EpisodeOfCare.class);
        return courseId;
    }

    /** The report about this test's citizen in a delivery, if any. */
    Optional<Bundle> reportOfCitizen(Bundle delivery) {
        return delivery.getEntry().stream().map(e -> (Bundle) e.getResource())
                .filter(r -> r.getEntryFirstRep().getResource() instanceof Patient p
                        && p.getIdentifier().stream().anyMatch(i -> cpr.equals(i.getValue())))
                .findFirst();
    }

    static <T extends Resource> List<T> all(Bundle report, Class<T> type) {
        return report.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).toList();
    }

    Task awaitTask(String reportId, Predicate<Task> done) {
        long until = System.currentTimeMillis() + 20_000;
        Task task = task(reportId);
        while ((task == null || !done.test(task)) && System.currentTimeMillis() < until) {
            sleep(150);
            task = task(reportId);
        }
        assertThat(task).as("the Task of report " + reportId).isNotNull();
        assertThat(done.test(task)).as("task %s: %s", task.getBusinessStatus().getCodingFirstRep().getCode(), task.getStatusReason().getText())
                .isTrue();
        return task;
    }

    Task task(String reportId) {
        Bundle found = http.get("Task?focus=Bundle/" + reportId).resource(Bundle.class);
        return found.getEntry().isEmpty() ? null : (Task) found.getEntryFirstRep().getResource();
    }

    static boolean state(Task t, String code) {
        return code.equals(t.getBusinessStatus().getCodingFirstRep().getCode());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFinishedCourseIsReportedInKlShapeAndDeliveredOnceThroughTheOutbox() {
        LocalDate discharge = LocalDate.of(2026, 3, 2);
        finishedCourse(discharge);
        Http.Response response = http.json("$kl-gateway-report", period(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)));
        Bundle delivery = ok(response, 200, Bundle.class);
        assertThat(delivery.getMeta().getProfile().get(0).getValue()).isEqualTo(Kl.INCREMENTAL_DELIVERY);
        Bundle report = reportOfCitizen(delivery).orElseThrow(() -> new AssertionError("no report about the citizen: " + response.text()));
        assertThat(report.getMeta().getProfile().get(0).getValue()).isEqualTo(Kl.DELIVERY_REPORT);

        ServiceRequest sr = all(report, ServiceRequest.class).get(0);
        assertThat(((DateType) sr.getExtensionByUrl(Kl.EXT_PRECONDITION_DATE).getValue()).getValueAsString()).isEqualTo("2026-03-02");
        assertThat(sr.getOccurrencePeriod().getStartElement().getValueAsString()).as("the offered first contact: the assessment")
                .startsWith("2026-03-04");
        List<CarePlan> carePlans = all(report, CarePlan.class);
        assertThat(carePlans).extracting(cp -> cp.getMeta().getProfile().get(0).getValue())
                .containsExactly(Kl.CARE_PLAN, Kl.PLANNED_INTERVENTION);
        assertThat(carePlans.get(0).getStatus()).isEqualTo(CarePlan.CarePlanStatus.COMPLETED);
        assertThat(all(report, Encounter.class)).as("the two held sessions, not the cancelled one").hasSize(2);
        assertThat(all(report, org.hl7.fhir.r4.model.Condition.class)).anySatisfy(c -> {
            assertThat(c.getCode().getCodingFirstRep().getCode()).isEqualTo(FunctionalStatus.LAVE_MAD);
            assertThat(c.getRecordedDateElement().getValueAsString()).isEqualTo("2026-03-11");
        });
        Patient citizen = (Patient) report.getEntryFirstRep().getResource();
        assertThat(citizen.getManagingOrganization().getIdentifier().getSystem()).isEqualTo(Canonical.SYSTEM_SOR);
        assertThat(citizen.hasName()).as("KL takes the CPR number only").isFalse();

        String reportId = report.getIdElement().getIdPart();
        Task task = awaitTask(reportId, t -> state(t, "delivered"));
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(task.getCode().getCodingFirstRep().getCode()).isEqualTo("kl-gateway-report");
        assertThat(KL.bundles()).containsKey(reportId);
        Bundle received = KL.bundles().get(reportId);
        assertThat(received.getEntry()).hasSameSizeAs(report.getEntry());
        sleep(600);
        assertThat(KL.bundles().keySet().stream().filter(reportId::equals).count()).isEqualTo(1);
        assertThat(awaitTask(reportId, t -> state(t, "delivered")).getOutput().stream()
                .filter(o -> "attempts".equals(o.getType().getText())).findFirst().orElseThrow().getValue().primitiveValue()).isEqualTo("1");
    }

    @Autowired
    KlCitizenReader reader;

    @Autowired
    dk.rehab.adapter.store.ResourceStore store;

    @Autowired
    javax.sql.DataSource dataSource;

    /** The citizen's sessions as the report reads them (projection rows) and as their stored Appointments say. */
    void assertSessionRowsAreTheStoredSessions() {
        CitizenRecord record = reader.readMany(List.of(patient.substring("Patient/".length())), new java.util.HashMap<>()).get(0);
        List<KlSession> rows = record.courses().stream().flatMap(c -> c.sessions().stream()).toList();
        assertThat(rows).hasSize(3).extracting(KlSession::place).containsExactly("centre", "home", "centre");
        assertThat(rows).containsExactlyElementsOf(rows.stream().map(r -> KlSession.of(store.read(Appointment.class, r.id()))).toList());
    }

    /**
     * The report builds its sessions from the session rows, not from the Appointments: the rows hold what the report
     * needs of them (type, status, start, end, citizen, place), the place also for rows made before it was a column
     * (migration V27's backfill); a session at home is a home-health (HH) Encounter. Of the FSIII assessments only the
     * latest of each area is read, and the areas keep the order they were first assessed in.
     */
    @Test
    void theReportReadsTheSessionRowsAndTheLatestAssessmentOfEachArea() throws Exception {
        LocalDate discharge = LocalDate.of(2026, 10, 5);
        String courseId = finishedCourse(discharge);
        assertSessionRowsAreTheStoredSessions();
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        assertThat(jdbc.update("update session set place = null where patient_id = ?", patient.substring("Patient/".length()))).isEqualTo(3);
        try (java.sql.Connection c = dataSource.getConnection()) {
            db.migration.V27__session_place.backfill(c);
        }
        assertSessionRowsAreTheStoredSessions();

        // mobility first assessed after lave mad's start, before its end: lave mad is still the first area reported
        ok(http.json("Observation", FunctionalStatus.observation(patient.substring(8), courseId, therapist.substring(13),
                FunctionalStatus.MOBILITET, 2, "end", discharge.plusDays(4).atTime(9, 0).atOffset(ZoneOffset.UTC))), 201,
                org.hl7.fhir.r4.model.Observation.class);
        Bundle delivery = ok(http.json("$kl-gateway-report", period(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31))), 200, Bundle.class);
        Bundle report = reportOfCitizen(delivery).orElseThrow();
        assertThat(all(report, Encounter.class)).extracting(e -> e.getClass_().getCode()).containsExactly("AMB", "HH");
        String stored = store.current("Bundle", report.getIdElement().getIdPart()).orElseThrow().json();
        assertThat(stored).as("stored as HAPI writes it").isEqualTo(fhir.newJsonParser().encodeResourceToString(
                fhir.newJsonParser().parseResource(Bundle.class, stored)));
        String taskId = jdbc.queryForObject("select task_id from kl_report where report_id = ?", String.class, report.getIdElement().getIdPart());
        String storedTask = store.current("Task", taskId).orElseThrow().json();
        assertThat(storedTask).as("its outbox Task too").isEqualTo(fhir.newJsonParser().encodeResourceToString(
                fhir.newJsonParser().parseResource(Task.class, storedTask)));
        assertThat(all(report, org.hl7.fhir.r4.model.Condition.class)).filteredOn(c -> Kl.CONDITION.equals(c.getMeta().getProfile().get(0).getValue()))
                .extracting(c -> c.getCode().getCodingFirstRep().getCode() + " " + c.getRecordedDateElement().getValueAsString())
                .containsExactly(FunctionalStatus.LAVE_MAD + " 2026-10-14", FunctionalStatus.MOBILITET + " 2026-10-09");
    }

    @Test
    void theStreamedDeliveryIsTheSameBundleInJsonAndInXml() {
        finishedCourse(LocalDate.of(2026, 9, 7));
        Parameters p = period(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 30));
        Http.Response json = http.json("$kl-gateway-report", p);
        assertThat(json.header("Content-Type")).startsWith("application/fhir+json");
        Bundle fromJson = ok(json, 200, Bundle.class);
        Http.Response xml = http.post("$kl-gateway-report", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(p),
                "Accept", "application/fhir+xml");
        assertThat(xml.header("Content-Type")).startsWith("application/fhir+xml");
        assertThat(xml.text()).startsWith("<Bundle");
        Bundle fromXml = ok(xml, 200, Bundle.class);
        for (Bundle delivery : List.of(fromJson, fromXml)) {
            assertThat(delivery.getMeta().getProfile().get(0).getValue()).isEqualTo(Kl.INCREMENTAL_DELIVERY);
            assertThat(delivery.getEntry()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getFullUrl()).endsWith("/Bundle/" + e.getResource().getIdElement().getIdPart());
                assertThat(e.getResource().getMeta().getProfile().get(0).getValue()).isEqualTo(Kl.DELIVERY_REPORT);
            });
        }
        assertThat(fromXml.getEntry()).hasSameSizeAs(fromJson.getEntry());
        Bundle a = reportOfCitizen(fromJson).orElseThrow();
        Bundle b = reportOfCitizen(fromXml).orElseThrow();
        assertThat(b.getEntry()).extracting(Bundle.BundleEntryComponent::getFullUrl)
                .containsExactlyElementsOf(a.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList());
    }

    @Test
    void aReportKlRefusesIsFailedWithKlsOperationOutcomeOnTheTask() {
        KL.refuseCitizen(cpr);
        finishedCourse(LocalDate.of(2026, 4, 6));
        Bundle delivery = ok(http.json("$kl-gateway-report", period(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30))), 200, Bundle.class);
        String reportId = reportOfCitizen(delivery).orElseThrow().getIdElement().getIdPart();
        Task task = awaitTask(reportId, t -> state(t, "failed"));
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.FAILED);
        assertThat(task.getStatusReason().getText()).contains("HTTP 422");
        OperationOutcome refusal = task.getContained().stream().filter(r -> r instanceof OperationOutcome).map(r -> (OperationOutcome) r)
                .findFirst().orElseThrow(() -> new AssertionError("no contained OperationOutcome"));
        assertThat(refusal.getIssueFirstRep().getDiagnostics()).isEqualTo(FhirReceiver.REFUSAL_TEXT);
        assertThat(refusal.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.BUSINESSRULE);
        assertThat(task.getOutput()).anySatisfy(o -> {
            assertThat(o.getType().getText()).isEqualTo("refusal");
            assertThat(((Reference) o.getValue()).getReference()).isEqualTo("#refusal");
        });
        assertThat(KL.bundles()).doesNotContainKey(reportId);

        // not accepted: the next incremental delivery takes the citizen again
        Bundle next = ok(http.json("$kl-gateway-report", incremental()), 200, Bundle.class);
        String nextId = reportOfCitizen(next).orElseThrow(() -> new AssertionError("a refused citizen is in the next incremental report"))
                .getIdElement().getIdPart();
        awaitTask(nextId, t -> state(t, "failed"));

        // KL takes it once its objection is fixed: $retry delivers, and the Task no longer shows the refusal
        KL.acceptCitizen(cpr);
        assertThat(http.post("Task/" + task.getIdElement().getIdPart() + "/$retry", "application/fhir+json", "{\"resourceType\":\"Parameters\"}")
                .status()).isEqualTo(200);
        Task delivered = awaitTask(reportId, t -> state(t, "delivered"));
        assertThat(delivered.getContained()).isEmpty();
        assertThat(delivered.getOutput()).noneMatch(o -> "refusal".equals(o.getType().getText()));
        assertThat(KL.bundles()).containsKey(reportId);
    }

    @Test
    void incrementalTakesWhatChangedSinceTheLastDeliveryKlAccepted() {
        String courseId = finishedCourse(LocalDate.of(2026, 5, 4));
        Bundle first = ok(http.json("$kl-gateway-report", incremental()), 200, Bundle.class);
        String reportId = reportOfCitizen(first).orElseThrow(() -> new AssertionError("a citizen never reported is in the first")).getIdElement().getIdPart();
        awaitTask(reportId, t -> state(t, "delivered"));

        Bundle unchanged = ok(http.json("$kl-gateway-report", incremental()), 200, Bundle.class);
        assertThat(reportOfCitizen(unchanged)).as("nothing changed since KL accepted the citizen's report").isEmpty();

        ok(http.json("Observation", FunctionalStatus.observation(patient.substring(8), courseId, therapist.substring(13),
                FunctionalStatus.MOBILITET, 2, "end", OffsetDateTime.of(2026, 5, 15, 9, 0, 0, 0, ZoneOffset.UTC))), 201,
                org.hl7.fhir.r4.model.Observation.class);
        Bundle changed = ok(http.json("$kl-gateway-report", incremental()), 200, Bundle.class);
        Bundle again = reportOfCitizen(changed).orElseThrow(() -> new AssertionError("a new FSIII assessment is a change"));
        assertThat(all(again, org.hl7.fhir.r4.model.Condition.class)).extracting(c -> c.getCode().getCodingFirstRep().getCode())
                .contains(FunctionalStatus.MOBILITET);
    }

    @Test
    void aPeriodThatHoldsNothingOfTheCitizenLeavesThemOut() {
        finishedCourse(LocalDate.of(2026, 6, 1));
        Bundle delivery = ok(http.json("$kl-gateway-report", period(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 31))), 200, Bundle.class);
        assertThat(reportOfCitizen(delivery)).isEmpty();
    }

    @Test
    void badParametersAre400WithStableCodes() {
        http.json("$kl-gateway-report", period(LocalDate.of(2026, 3, 31), LocalDate.of(2026, 3, 1))).assertError(400, "kl-report-period-reversed");
        http.json("$kl-gateway-report", new Parameters()).assertError(400, "kl-report-period-missing");
        http.json("$kl-gateway-report", period(LocalDate.of(2026, 3, 1), null)).assertError(400, "kl-report-parameters-conflict");
        Parameters both = period(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));
        both.addParameter().setName("incremental").setValue(new BooleanType(true));
        http.json("$kl-gateway-report", both).assertError(400, "kl-report-parameters-conflict");
        Http.Response notADate = http.post("$kl-gateway-report", "application/fhir+json",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"start\",\"valueDate\":\"gestern\"},"
                        + "{\"name\":\"end\",\"valueDate\":\"2026-03-31\"}]}");
        assertThat(notADate.status()).as(notADate.text()).isEqualTo(400);
        assertThat(notADate.outcome().getIssue()).isNotEmpty();
    }

    /**
     * What the server answers validates against KL's packages (with ../shared; skipped without it): the report about a
     * finished course, made from data stored through the API, has 0 errors.
     */
    @Test
    void theServersReportValidatesWithKlsPackages() {
        java.util.Optional<java.nio.file.Path> packages = dk.rehab.adapter.support.Shared.optional(dk.rehab.adapter.support.Shared::packages);
        org.junit.jupiter.api.Assumptions.assumeTrue(packages.isPresent(), "needs ../shared/fhir/packages (ADAPTER_TEST_SHARED)");
        finishedCourse(LocalDate.of(2026, 7, 6));
        Bundle delivery = ok(http.json("$kl-gateway-report", period(LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 31))), 200, Bundle.class);
        Bundle report = reportOfCitizen(delivery).orElseThrow();
        var factory = new dk.rehab.adapter.validation.ValidationSupportFactory(fhir);
        var validator = new dk.rehab.adapter.validation.ProfileValidator(fhir, factory.create(packages));
        KlReportValidationTest.assertNoErrors("the server's report", validator.validate(report, Kl.DELIVERY_REPORT));
        Bundle mine = KlDeliveryReportAssembler.wrap(List.of(report), delivery.getIdElement().getIdPart(), delivery.getTimestamp(),
                "http://rehab-adapter.dk/fhir");
        KlReportValidationTest.assertNoErrors("the server's delivery", validator.validate(mine, Kl.INCREMENTAL_DELIVERY));
    }

    @Test
    void onlyTheMunicipalityAndTheReportingClientMayCallIt() {
        Parameters p = period(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 2));
        http.withoutToken().json("$kl-gateway-report", p).assertError(401, "unauthenticated");
        for (ClientKind kind : List.of(ClientKind.HOSPITAL, ClientKind.GP, ClientKind.AUDITOR)) {
            http.withToken(TestTokens.of(kind, "012345")).json("$kl-gateway-report", p).assertError(403, "forbidden");
        }
        assertThat(http.withToken(TestTokens.of(ClientKind.REPORTING, null)).json("$kl-gateway-report", p).status()).isEqualTo(200);
        assertThat(http.json("$kl-gateway-report", p).status()).isEqualTo(200);
    }
}
