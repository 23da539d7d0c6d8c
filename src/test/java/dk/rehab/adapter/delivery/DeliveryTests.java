package dk.rehab.adapter.delivery;

import static dk.rehab.adapter.support.FunctionalStatus.FORFLYTTE_SIG;
import static dk.rehab.adapter.support.FunctionalStatus.LAVE_MAD;
import static dk.rehab.adapter.support.FunctionalStatus.observation;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.CourseFixtures;
import dk.rehab.adapter.support.FhirReceiver;
import dk.rehab.adapter.support.FunctionalStatus;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Plans;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The final status travels to real FHIR servers: two small HAPI servers in the test stand in for the citizen's GP
 * system and the hospital's. Each finished course's final status arrives exactly once at each recipient — also when a
 * receiver answers 500, times out after storing, is down until the attempts run out (then $retry), and when the adapter
 * restarts in the middle; recipients without consent or without a known endpoint get a Task that says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DeliveryTests {
    private static final String GP_YDERNUMMER = "012345";
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 10, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    protected abstract Map<String, Object> database(String name);

    private final FhirContext fhir = FhirContext.forR4Cached();
    private FhirReceiver gp;
    private FhirReceiver hospital;
    private Map<String, Object> properties;
    private ConfigurableApplicationContext app;
    private Http http;
    private CourseFixtures fixtures;
    private String hospitalGln;
    private String therapist;
    private String centre;

    @BeforeAll
    void start() {
        gp = new FhirReceiver(fhir);
        hospital = new FhirReceiver(fhir);
        hospitalGln = Plans.gln(String.valueOf(579000000000L + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 999999)));
        properties = new HashMap<>(database("it_delivery_" + UUID.randomUUID().toString().substring(0, 8)));
        properties.put("server.port", "0");
        properties.put("adapter.delivery.poll-interval", "200ms");
        properties.put("adapter.delivery.initial-backoff", "300ms");
        properties.put("adapter.delivery.max-backoff", "1s");
        properties.put("adapter.delivery.timeout", "1500ms");
        properties.put("adapter.delivery.connect-timeout", "500ms");
        properties.put("adapter.delivery.lease", "4s");
        properties.put("adapter.delivery.max-attempts", "4");
        properties.put("adapter.delivery.endpoints[0].system", Canonical.SYSTEM_YDERNUMMER);
        properties.put("adapter.delivery.endpoints[0].value", GP_YDERNUMMER);
        properties.put("adapter.delivery.endpoints[0].url", gp.base());
        properties.put("adapter.delivery.endpoints[0].name", "Lægerne i Ishøj");
        properties.put("adapter.delivery.endpoints[1].system", Canonical.SYSTEM_GLN_HTTPS);
        properties.put("adapter.delivery.endpoints[1].value", hospitalGln);
        properties.put("adapter.delivery.endpoints[1].url", hospital.base());
        boot();
    }

    private void boot() {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        app = new SpringApplicationBuilder(RehabAdapterApplication.class).run(args);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        http = new Http(app.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
        fixtures = new CourseFixtures(app);
        therapist = fixtures.therapist();
        centre = fixtures.centre();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        gp.close();
        hospital.close();
    }

    /** A citizen with a plan (consent as given, GP copy to the GP, final status to the hospital), a course and its data, finished. */
    private String finishedCourse(boolean consent, String receiverGln) {
        String[] ids = plan(consent, receiverGln, LocalDate.of(2026, 9, 28));
        String patientId = ids[0];
        String planId = ids[1];
        String course = fixtures.course(patientId, planId, therapist, centre, "sul-140", LocalDate.of(2026, 10, 1));
        fixtures.sessions(course, patientId, LocalDate.of(2026, 10, 2), List.of(AppointmentStatus.FULFILLED, AppointmentStatus.FULFILLED,
                AppointmentStatus.CANCELLED, AppointmentStatus.NOSHOW, AppointmentStatus.FULFILLED));
        assertThat(http.json("Observation", FunctionalStatus.expected(observation(patientId, course, therapist, LAVE_MAD, 3, "start", T0), 1)).status())
                .isEqualTo(201);
        assertThat(http.json("Observation", observation(patientId, course, therapist, LAVE_MAD, 1, "end", T0.plusDays(30))).status()).isEqualTo(201);
        assertThat(http.json("Observation", FunctionalStatus.expected(observation(patientId, course, therapist, FORFLYTTE_SIG, 4, "start", T0), 2)).status())
                .isEqualTo(201);
        assertThat(http.json("Observation", observation(patientId, course, therapist, FORFLYTTE_SIG, 3, "end", T0.plusDays(30))).status()).isEqualTo(201);
        fixtures.finish(course, LocalDate.of(2026, 11, 1), "Ikke yderligere behov (fagpersons vurdering)");
        return course;
    }

    /** A citizen and a plan: consent as given, GP copy to the GP (by ydernummer), final status to the hospital. Returns {patient, plan}. */
    private String[] plan(boolean consent, String receiverGln, LocalDate discharge) {
        String cpr = Plans.newCpr();
        Organization department = Plans.hospital(null, receiverGln);
        Bundle tx = Plans.transaction(cpr, department, discharge);
        ServiceRequest plan = Plans.planOf(tx);
        Plans.consent(plan, consent);
        Extension gpCopy = new Extension(Canonical.EXT_GP_COPY);
        gpCopy.addExtension("wanted", new BooleanType(true));
        gpCopy.addExtension("receiver", new Reference().setIdentifier(new Identifier().setSystem(Canonical.SYSTEM_YDERNUMMER).setValue(GP_YDERNUMMER))
                .setDisplay("Lægerne i Ishøj"));
        plan.addExtension(gpCopy);
        plan.addExtension(new Extension(Canonical.EXT_FINAL_STATUS_RECEIVER, new Reference(tx.getEntry().get(1).getFullUrl())));
        Http.Response stored = http.json("", tx);
        assertThat(stored.status()).as(stored.text()).isEqualTo(200);
        Bundle answer = stored.resource(Bundle.class);
        String patientId = answer.getEntry().get(0).getResponse().getLocation().split("/")[1];
        String planId = answer.getEntry().get(3).getResponse().getLocation().split("/")[1];
        return new String[] {patientId, planId};
    }

    private DocumentReference finalStatus(String course) {
        Bundle found = http.get("DocumentReference?course=EpisodeOfCare/" + course + "&status=current").resource(Bundle.class);
        assertThat(found.getEntry()).hasSize(1);
        return (DocumentReference) found.getEntryFirstRep().getResource();
    }

    private List<Task> tasks(String documentId) {
        return http.get("Task?focus=DocumentReference/" + documentId).resource(Bundle.class).getEntry().stream()
                .map(e -> (Task) e.getResource()).toList();
    }

    private List<Task> awaitTasks(String documentId, Predicate<List<Task>> done) {
        long until = System.currentTimeMillis() + 20_000;
        List<Task> tasks = tasks(documentId);
        while (!done.test(tasks) && System.currentTimeMillis() < until) {
            sleep(150);
            tasks = tasks(documentId);
        }
        assertThat(done.test(tasks)).as("tasks %s", tasks.stream().map(t -> t.getBusinessStatus().getCodingFirstRep().getCode()
                + " " + t.getStatusReason().getText()).toList()).isTrue();
        return tasks;
    }

    private static boolean all(List<Task> tasks, String state) {
        return !tasks.isEmpty() && tasks.stream().allMatch(t -> state.equals(t.getBusinessStatus().getCodingFirstRep().getCode()));
    }

    private static long received(FhirReceiver receiver, String documentId) {
        return receiver.documents().stream().filter(d -> documentId.equals(d.getMasterIdentifier().getValue())).count();
    }

    @Test
    @Order(1)
    void theGpAndTheHospitalEachReceiveTheFinalStatusOnceAsPdfAndDocument() throws IOException {
        String course = finishedCourse(true, hospitalGln);
        DocumentReference doc = finalStatus(course);
        String id = doc.getIdElement().getIdPart();
        List<Task> tasks = awaitTasks(id, t -> t.size() == 2 && all(t, "delivered"));
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
            assertThat(t.getExecutionPeriod().getEnd()).isNotNull();
        });
        assertThat(received(gp, id)).isEqualTo(1);
        assertThat(received(hospital, id)).isEqualTo(1);

        DocumentReference atGp = gp.documents().stream().filter(d -> id.equals(d.getMasterIdentifier().getValue())).findFirst().orElseThrow();
        assertThat(atGp.getSubject().getIdentifier().getSystem()).isEqualTo(Canonical.SYSTEM_CPR);
        assertThat(atGp.getSubject().hasReference()).isFalse();
        assertThat(atGp.getContent()).extracting(c -> c.getAttachment().getContentType()).containsExactly("application/pdf", "application/fhir+json");
        try (PDDocument pdf = Loader.loadPDF(atGp.getContentFirstRep().getAttachment().getData())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Slutstatus for genoptræningsforløb", "Test Testesen", "Sundhedsloven § 140",
                    "Gennemført: 3", "Aflyst: 1", "Udeblevet: 1", "Lave mad", "Forflytte sig", "Ikke yderligere behov");
        }
        Bundle document = fhir.newJsonParser().parseResource(Bundle.class,
                new String(atGp.getContent().get(1).getAttachment().getData(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(document.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        assertThat(((Composition) document.getEntryFirstRep().getResource()).getTitle()).isEqualTo("Slutstatus for genoptræningsforløb");

        assertThat(http.get("Task?business-status=delivered&focus=DocumentReference/" + id).resource(Bundle.class).getTotal()).isEqualTo(2);
        assertThat(http.get("Task?status=completed&patient=" + doc.getSubject().getReference()).resource(Bundle.class).getTotal()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aCourseFinishedThroughTheCourseApiProducesAndDeliversItsFinalStatus() {
        String[] ids = plan(true, hospitalGln, LocalDate.now().minusDays(1));
        org.hl7.fhir.r4.model.EpisodeOfCare course = dk.rehab.adapter.support.Courses.course("Patient/" + ids[0], "ServiceRequest/" + ids[1],
                "sul-140", "knae-menisk", "knae-menisk-hold");
        course.setCareManager(new Reference("Practitioner/" + therapist));
        course.setManagingOrganization(new Reference("Organization/" + centre));
        Http.Response created = http.json("EpisodeOfCare", course);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        course = created.resource(org.hl7.fhir.r4.model.EpisodeOfCare.class);
        String courseId = course.getIdElement().getIdPart();
        assertThat(http.json("Observation", observation(ids[0], courseId, therapist, LAVE_MAD, 2, "start", T0)).status()).isEqualTo(201);
        course.setStatus(org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        Http.Response active = http.update("EpisodeOfCare/" + courseId, course);
        assertThat(active.status()).as(active.text()).isEqualTo(200);
        course = active.resource(org.hl7.fhir.r4.model.EpisodeOfCare.class);
        dk.rehab.adapter.support.Courses.end(course, org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus.FINISHED,
                Canonical.END_REASON_NO_NEED_PROFESSIONAL);
        Http.Response finished = http.update("EpisodeOfCare/" + courseId, course);
        assertThat(finished.status()).as(finished.text()).isEqualTo(200);

        DocumentReference doc = finalStatus(courseId);
        assertThat(doc.getAuthorFirstRep().getReference()).isEqualTo("Practitioner/" + therapist);
        assertThat(doc.getCustodian().getReference()).isEqualTo("Organization/" + centre);
        assertThat(doc.getContext().getRelated()).extracting(Reference::getReference)
                .containsExactly("EpisodeOfCare/" + courseId, "ServiceRequest/" + ids[1]);
        String id = doc.getIdElement().getIdPart();
        awaitTasks(id, t -> t.size() == 2 && all(t, "delivered"));
        assertThat(received(gp, id)).isEqualTo(1);
        assertThat(received(hospital, id)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aReceiverAnswering500IsTriedAgainAndGetsTheDocumentOnce() {
        hospital.failNext(2);
        String id = finalStatus(finishedCourse(true, hospitalGln)).getIdElement().getIdPart();
        List<Task> tasks = awaitTasks(id, t -> t.size() == 2 && all(t, "delivered"));
        assertThat(received(hospital, id)).isEqualTo(1);
        Task hospitalTask = tasks.stream().filter(t -> t.getDescription().contains("hospital")).findFirst().orElseThrow();
        assertThat(hospitalTask.getOutput()).anySatisfy(o -> {
            assertThat(o.getType().getText()).isEqualTo("attempts");
            assertThat(((org.hl7.fhir.r4.model.IntegerType) o.getValue()).getValue()).isEqualTo(3);
        });
    }

    @Test
    @Order(4)
    void aTimeoutAfterTheReceiverStoredTheDocumentDoesNotMakeASecondOne() {
        gp.slowNext(1, 3000);
        int before = gp.creates();
        String id = finalStatus(finishedCourse(true, hospitalGln)).getIdElement().getIdPart();
        awaitTasks(id, t -> t.size() == 2 && all(t, "delivered"));
        assertThat(gp.creates() - before).as("the GP was sent the document again after the timeout").isGreaterThanOrEqualTo(2);
        assertThat(received(gp, id)).isEqualTo(1);
    }

    @Test
    @Order(5)
    void withoutConsentTheGpIsNotSentAndAnUnknownEndpointIsShown() {
        String unknownGln = Plans.gln("579000111222");
        String id = finalStatus(finishedCourse(false, unknownGln)).getIdElement().getIdPart();
        List<Task> tasks = awaitTasks(id, t -> t.size() == 2);
        Task gpTask = tasks.stream().filter(t -> t.getDescription().contains("GP")).findFirst().orElseThrow();
        Task hospitalTask = tasks.stream().filter(t -> t.getDescription().contains("hospital")).findFirst().orElseThrow();
        assertThat(gpTask.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("no-consent");
        assertThat(gpTask.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
        assertThat(hospitalTask.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("no-endpoint");
        assertThat(hospitalTask.getStatus()).isEqualTo(Task.TaskStatus.ONHOLD);
        assertThat(received(gp, id) + received(hospital, id)).isZero();
        http.post("Task/" + gpTask.getIdElement().getIdPart() + "/$retry", "application/fhir+json", "{\"resourceType\":\"Parameters\"}")
                .assertError(409, "delivery-not-retryable");
        http.post("Task/" + hospitalTask.getIdElement().getIdPart() + "/$retry", "application/fhir+json", "{\"resourceType\":\"Parameters\"}")
                .assertError(409, "delivery-not-retryable");
        assertThat(http.get("Task?business-status=no-endpoint&focus=DocumentReference/" + id).resource(Bundle.class).getTotal()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aReceiverDownUntilTheAttemptsRunOutIsFailedAndRetryDeliversOnce() {
        hospital.stop();
        try {
            String id = finalStatus(finishedCourse(true, hospitalGln)).getIdElement().getIdPart();
            List<Task> tasks = awaitTasks(id, t -> t.size() == 2 && t.stream().anyMatch(x -> x.getStatus() == Task.TaskStatus.FAILED));
            Task failed = tasks.stream().filter(t -> t.getStatus() == Task.TaskStatus.FAILED).findFirst().orElseThrow();
            assertThat(failed.getStatusReason().getText()).contains(hospital.base());
            assertThat(http.get("Task?status=failed&focus=DocumentReference/" + id).resource(Bundle.class).getTotal()).isEqualTo(1);
            hospital.restart();
            Http.Response retried = http.post("Task/" + failed.getIdElement().getIdPart() + "/$retry", "application/fhir+json",
                    "{\"resourceType\":\"Parameters\"}");
            assertThat(retried.status()).as(retried.text()).isEqualTo(200);
            awaitTasks(id, t -> all(t, "delivered"));
            assertThat(received(hospital, id)).isEqualTo(1);
        } finally {
            hospital.restart();
        }
    }

    @Test
    @Order(7)
    void aCorrectedFinalStatusReplacesTheEarlierOneEverywhere() {
        String course = finishedCourse(true, hospitalGln);
        DocumentReference first = finalStatus(course);
        String firstId = first.getIdElement().getIdPart();
        awaitTasks(firstId, t -> t.size() == 2 && all(t, "delivered"));
        Http.Response corrected = http.post("DocumentReference/" + firstId + "/$correct", "application/fhir+json", "{\"resourceType\":\"Parameters\"}");
        assertThat(corrected.status()).as(corrected.text()).isEqualTo(200);
        DocumentReference second = corrected.resource(DocumentReference.class);
        String secondId = second.getIdElement().getIdPart();
        assertThat(second.getRelatesToFirstRep().getCode()).isEqualTo(DocumentReference.DocumentRelationshipType.REPLACES);
        assertThat(second.getRelatesToFirstRep().getTarget().getReference()).isEqualTo("DocumentReference/" + firstId);
        assertThat(http.get("DocumentReference/" + firstId).resource(DocumentReference.class).getStatus().toCode()).isEqualTo("superseded");
        assertThat(finalStatus(course).getIdElement().getIdPart()).isEqualTo(secondId);
        awaitTasks(secondId, t -> t.size() == 2 && all(t, "delivered"));
        DocumentReference atHospital = hospital.documents().stream().filter(d -> secondId.equals(d.getMasterIdentifier().getValue())).findFirst().orElseThrow();
        assertThat(atHospital.getRelatesToFirstRep().getTarget().getIdentifier().getValue()).isEqualTo(firstId);
        assertThat(received(hospital, firstId)).isEqualTo(1);
        assertThat(received(hospital, secondId)).isEqualTo(1);
        http.post("DocumentReference/" + firstId + "/$correct", "application/fhir+json", "{\"resourceType\":\"Parameters\"}")
                .assertError(400, "invalid-request");
    }

    @Test
    @Order(8)
    void anAdapterRestartInTheMiddleLosesNothingAndSendsNothingTwice() {
        hospital.stop();
        String course = finishedCourse(true, hospitalGln);
        String id = finalStatus(course).getIdElement().getIdPart();
        awaitTasks(id, t -> t.size() == 2 && t.stream().anyMatch(x -> "retrying".equals(x.getBusinessStatus().getCodingFirstRep().getCode())));
        app.close();
        hospital.restart();
        boot();
        awaitTasks(id, t -> t.size() == 2 && all(t, "delivered"));
        assertThat(received(hospital, id)).isEqualTo(1);
        assertThat(received(gp, id)).isEqualTo(1);

        // The adapter sent, the receiver stored, but the outcome was never recorded (a crash in between): sent again, still one.
        int before = hospital.creates();
        app.getBean(JdbcTemplate.class).update("update delivery set state = 'pending', next_attempt = current_timestamp where document_id = ?", id);
        long until = System.currentTimeMillis() + 10_000;
        while (hospital.creates() == before && System.currentTimeMillis() < until) {
            sleep(100);
        }
        awaitTasks(id, t -> all(t, "delivered"));
        assertThat(hospital.creates()).isGreaterThan(before);
        assertThat(received(hospital, id)).isEqualTo(1);
        assertThat(received(gp, id)).isEqualTo(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
