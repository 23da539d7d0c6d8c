package dk.rehab.adapter.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.FhirReceiver;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Free choice and transfers, against real receiving FHIR servers: a private provider's system and another municipality's
 * (support/FhirReceiver with $process-message). The plan is forwarded exactly once (also after the receiver failed and
 * the outbox retried), the course is closed with its end reason and its future sessions cancelled, the plan is found by
 * its new performer and leaves the work list "offer free choice"; every bad request is refused with its code and changes
 * nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TransferTests {
    private static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    private static final String PROVIDER_CVR = "31415926";
    private static final String CVR_ONLY = "27182818";
    private static final String OTHER_MUNICIPALITY = "0101";

    protected abstract Map<String, Object> database(String name);

    private final FhirContext fhir = FhirContext.forR4Cached();
    private FhirReceiver provider;
    private FhirReceiver municipality;
    private ConfigurableApplicationContext app;
    private Http http;
    private String providerSor;

    @BeforeAll
    void start() {
        provider = new FhirReceiver(fhir);
        municipality = new FhirReceiver(fhir);
        providerSor = Plans.uniqueSor();
        Map<String, Object> p = new HashMap<>(database("it_transfer_" + UUID.randomUUID().toString().substring(0, 8)));
        p.put("server.port", "0");
        p.put("adapter.delivery.poll-interval", "200ms");
        p.put("adapter.delivery.initial-backoff", "300ms");
        p.put("adapter.delivery.max-backoff", "1s");
        p.put("adapter.delivery.timeout", "1500ms");
        p.put("adapter.delivery.connect-timeout", "500ms");
        p.put("adapter.delivery.lease", "4s");
        p.put("adapter.delivery.max-attempts", "6");
        p.put("adapter.free-choice.providers[0].name", "Fysioterapi Privat ApS");
        p.put("adapter.free-choice.providers[0].sor", providerSor);
        p.put("adapter.free-choice.providers[0].cvr", PROVIDER_CVR);
        p.put("adapter.free-choice.providers[0].url", provider.base());
        p.put("adapter.free-choice.providers[1].name", "Træningsklinikken");
        p.put("adapter.free-choice.providers[1].cvr", CVR_ONLY);
        p.put("adapter.free-choice.providers[1].url", provider.base());
        p.put("adapter.delivery.endpoints[0].system", Canonical.SYSTEM_MUNICIPALITY_CODE);
        p.put("adapter.delivery.endpoints[0].value", OTHER_MUNICIPALITY);
        p.put("adapter.delivery.endpoints[0].url", municipality.base());
        p.put("adapter.delivery.endpoints[0].name", "Københavns Kommune");
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        app = new SpringApplicationBuilder(RehabAdapterApplication.class).run(args);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        http = new Http(app.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        provider.close();
        municipality.close();
    }

    // ---- fixtures

    private record Citizen(String cpr, String patient, String hospital) {
    }

    private Citizen citizen() {
        String cpr = Plans.newCpr();
        String patient = "Patient/" + ok(http.json("Patient", Plans.patient(cpr)), 201, Patient.class).getIdElement().getIdPart();
        String hospital = "Organization/" + ok(http.json("Organization", Plans.hospital(Plans.uniqueSor(), null)), 201, Organization.class)
                .getIdElement().getIdPart();
        return new Citizen(cpr, patient, hospital);
    }

    private ServiceRequest plan(Citizen c, LocalDate discharge) {
        return ok(http.json("ServiceRequest", Plans.plan(c.patient(), c.hospital(), discharge)), 201, ServiceRequest.class);
    }

    /** An active course for the plan: an assessment attended, one training attended, two booked in the future. */
    private String activeCourse(Citizen c, String planRef, List<String> futureSessions) {
        String therapist = "Practitioner/" + ok(http.json("Practitioner", Courses.therapist("Hansen")), 201, Practitioner.class)
                .getIdElement().getIdPart();
        EpisodeOfCare course = ok(http.json("EpisodeOfCare", Courses.course(c.patient(), planRef, "sul-140", "knae-menisk", null)), 201,
                EpisodeOfCare.class);
        String courseRef = "EpisodeOfCare/" + course.getIdElement().getIdPart();
        OffsetDateTime day = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusHours(1);
        Appointment first = ok(http.json("Appointment", Courses.session(courseRef, c.patient(), "assessment", day, 60, null, therapist)), 201,
                Appointment.class);
        first.setStatus(AppointmentStatus.FULFILLED);
        ok(http.update("Appointment/" + first.getIdElement().getIdPart(), first), 200, Appointment.class);
        course = http.get(courseRef).resource(EpisodeOfCare.class);
        course.setStatus(EpisodeOfCareStatus.ACTIVE);
        ok(http.update(courseRef, course), 200, EpisodeOfCare.class);
        Appointment attended = ok(http.json("Appointment", Courses.session(courseRef, c.patient(), "individual", day.plusDays(1), 45, null,
                therapist)), 201, Appointment.class);
        attended.setStatus(AppointmentStatus.FULFILLED);
        ok(http.update("Appointment/" + attended.getIdElement().getIdPart(), attended), 200, Appointment.class);
        for (int i = 0; i < 2; i++) {
            futureSessions.add(ok(http.json("Appointment", Courses.session(courseRef, c.patient(), "individual", day.plusDays(3 + 2L * i), 45,
                    null, therapist)), 201, Appointment.class).getIdElement().getIdPart());
        }
        futureSessions.add(0, attended.getIdElement().getIdPart());
        return courseRef;
    }

    private static Parameters parameters(String receiverParameter, String system, String value, String reason) {
        Parameters p = new Parameters();
        if (receiverParameter != null) {
            p.addParameter().setName(receiverParameter).setValue(new Identifier().setSystem(system).setValue(value));
        }
        if (reason != null) {
            p.addParameter().setName("reason").setValue(new CodeType(reason));
        }
        return p;
    }

    private Http.Response transfer(String planRef, Parameters p) {
        return http.json(planRef + "/$transfer", p);
    }

    private <T extends org.hl7.fhir.r4.model.Resource> T ok(Http.Response response, int status, Class<T> type) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        return response.resource(type);
    }

    private Task awaitTask(String taskId, Predicate<Task> done) {
        long until = System.currentTimeMillis() + 20_000;
        Task task = http.get("Task/" + taskId).resource(Task.class);
        while (!done.test(task) && System.currentTimeMillis() < until) {
            sleep(150);
            task = http.get("Task/" + taskId).resource(Task.class);
        }
        assertThat(done.test(task)).as("task %s %s", task.getBusinessStatus().getCodingFirstRep().getCode(), task.getStatusReason().getText())
                .isTrue();
        return task;
    }

    private static boolean delivered(Task t) {
        return "delivered".equals(t.getBusinessStatus().getCodingFirstRep().getCode());
    }

    private static List<Bundle> messagesFor(FhirReceiver receiver, String planIdentifier) {
        return receiver.messages().stream().filter(m -> m.getEntry().stream().anyMatch(e -> e.getResource() instanceof ServiceRequest sr
                && planIdentifier.equals(sr.getIdentifierFirstRep().getValue()))).toList();
    }

    private List<String> ids(String search) {
        Http.Response r = http.get(search);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.resource(Bundle.class).getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private String workList() {
        return "ServiceRequest?status=active&municipal-responsibility=true&free-choice-date=lt" + LocalDate.now(ZONE)
                + "&course-started=false&_count=200";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the tests

    @Test
    void aPrivateProviderGetsThePlanOnceTheCourseIsClosedAndThePlanIsFoundByItsNewPerformer() {
        Citizen c = citizen();
        ServiceRequest plan = plan(c, LocalDate.now(ZONE).minusDays(1));
        String planRef = "ServiceRequest/" + plan.getIdElement().getIdPart();
        List<String> sessions = new java.util.ArrayList<>();
        String courseRef = activeCourse(c, planRef, sessions);

        Http.Response answer = transfer(planRef, parameters("provider", Canonical.SYSTEM_SOR, providerSor, "free-choice"));
        Task task = ok(answer, 200, Task.class);
        assertThat(task.getFocus().getReference()).isEqualTo(planRef);
        assertThat(task.getCode().getCodingFirstRep().getCode()).isEqualTo("rehabilitation-plan-transfer");
        assertThat(task.getRestriction().getRecipientFirstRep().getDisplay()).isEqualTo("Fysioterapi Privat ApS");

        // delivered exactly once to the provider, as a message with the plan, the citizen and the hospital
        awaitTask(task.getIdElement().getIdPart(), TransferTests::delivered);
        List<Bundle> received = messagesFor(provider, plan.getIdentifierFirstRep().getValue());
        assertThat(received).hasSize(1);
        Bundle message = received.get(0);
        MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
        assertThat(header.getEventCoding().getCode()).isEqualTo("rehabilitation-plan-transfer");
        assertThat(header.getReason().getCodingFirstRep().getCode()).isEqualTo(Canonical.STATUS_REASON_FRIT_VALG);
        assertThat(message.getEntryFirstRep().getFullUrl()).as("Bundle.id = MessageHeader.id, its fullUrl urn:uuid:{id}")
                .isEqualTo("urn:uuid:" + message.getIdElement().getIdPart());
        ServiceRequest forwarded = message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(ServiceRequest.class::isInstance).map(ServiceRequest.class::cast).findFirst().orElseThrow();
        assertThat(forwarded.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        Patient patient = message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Patient.class::isInstance)
                .map(Patient.class::cast).findFirst().orElseThrow();
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(c.cpr());
        String performerUrl = forwarded.getPerformerFirstRep().getReference();
        Organization receiverOrg = (Organization) message.getEntry().stream().filter(e -> e.getFullUrl().equals(performerUrl))
                .findFirst().orElseThrow().getResource();
        assertThat(receiverOrg.getIdentifier()).extracting(Identifier::getValue).contains(providerSor, PROVIDER_CVR);
        assertThat(message.getEntry().stream().map(e -> e.getResource().fhirType())).contains("Organization", "Patient", "ServiceRequest");

        // the course finished with the end reason free choice; future sessions cancelled, the attended one kept
        EpisodeOfCare course = http.get(courseRef).resource(EpisodeOfCare.class);
        assertThat(course.getStatus()).isEqualTo(EpisodeOfCareStatus.FINISHED);
        CodeableConcept reason = (CodeableConcept) course.getExtensionByUrl(Canonical.EXT_COURSE_END_REASON).getValue();
        assertThat(reason.getCoding()).extracting(Coding::getSystem, Coding::getCode).contains(
                org.assertj.core.groups.Tuple.tuple(Canonical.CS_COURSE_END_REASONS, "free-choice"),
                org.assertj.core.groups.Tuple.tuple(Canonical.CS_CARE_SOCIAL, Canonical.END_REASON_EVENT));
        assertThat(http.get("Appointment/" + sessions.get(0)).resource(Appointment.class).getStatus()).isEqualTo(AppointmentStatus.FULFILLED);
        for (String future : sessions.subList(1, sessions.size())) {
            Appointment a = http.get("Appointment/" + future).resource(Appointment.class);
            assertThat(a.getStatus()).isEqualTo(AppointmentStatus.CANCELLED);
            assertThat(a.getCancelationReason().getCodingFirstRep().getCode()).isEqualTo("transferred");
        }

        // the plan: on hold with KL's reason Frit valg, performed by the provider, found by its SOR id and its CVR number
        ServiceRequest stored = http.get(planRef).resource(ServiceRequest.class);
        assertThat(stored.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ONHOLD);
        assertThat(((CodeableConcept) stored.getExtensionByUrl(Canonical.EXT_STATUS_REASON).getValue()).getCodingFirstRep().getCode())
                .isEqualTo(Canonical.STATUS_REASON_FRIT_VALG);
        Organization performer = http.get(stored.getPerformerFirstRep().getReference()).resource(Organization.class);
        assertThat(performer.getName()).isEqualTo("Fysioterapi Privat ApS");
        assertThat(ids("ServiceRequest?performer.identifier=" + Canonical.SYSTEM_SOR + "|" + providerSor)).contains(plan.getIdElement().getIdPart());
        assertThat(ids("ServiceRequest?performer.identifier=" + Canonical.SYSTEM_CVR + "|" + PROVIDER_CVR)).contains(plan.getIdElement().getIdPart());
        assertThat(ids("ServiceRequest?performer=" + stored.getPerformerFirstRep().getReference())).contains(plan.getIdElement().getIdPart());
        assertThat(ids("Task?focus=" + planRef)).containsExactly(task.getIdElement().getIdPart());

        // sent once more? no: a second transfer of the same plan is refused, and nothing more reaches the provider
        String version = http.get(planRef).resource(ServiceRequest.class).getMeta().getVersionId();
        transfer(planRef, parameters("provider", Canonical.SYSTEM_SOR, providerSor, "free-choice")).assertError(409, "plan-already-transferred");
        assertThat(http.get(planRef).resource(ServiceRequest.class).getMeta().getVersionId()).isEqualTo(version);
        assertThat(ids("Task?focus=" + planRef)).hasSize(1);
        sleep(600);
        assertThat(messagesFor(provider, plan.getIdentifierFirstRep().getValue())).hasSize(1);
    }

    @Test
    void anotherMunicipalityGetsThePlanOnceAfterFailingAndTheUnstartedCourseIsCancelled() {
        Citizen c = citizen();
        ServiceRequest plan = plan(c, LocalDate.now(ZONE).minusDays(1));
        String planRef = "ServiceRequest/" + plan.getIdElement().getIdPart();
        EpisodeOfCare planned = ok(http.json("EpisodeOfCare", Courses.course(c.patient(), planRef, "sul-140", "knae-menisk", null)), 201,
                EpisodeOfCare.class);
        int before = municipality.messageRequests();
        municipality.failNext(2);

        Task task = ok(transfer(planRef, parameters("municipality", Canonical.SYSTEM_MUNICIPALITY_CODE, OTHER_MUNICIPALITY, "citizen-moved")),
                200, Task.class);
        assertThat(task.getDescription()).contains("municipality", "Københavns Kommune");
        Task done = awaitTask(task.getIdElement().getIdPart(), TransferTests::delivered);
        assertThat(done.getOutput()).anyMatch(o -> "attempts".equals(o.getType().getText())
                && ((org.hl7.fhir.r4.model.IntegerType) o.getValue()).getValue() == 3);
        assertThat(municipality.messageRequests() - before).isEqualTo(3);
        List<Bundle> received = messagesFor(municipality, plan.getIdentifierFirstRep().getValue());
        assertThat(received).hasSize(1);
        MessageHeader header = (MessageHeader) received.get(0).getEntryFirstRep().getResource();
        assertThat(header.getReason().getCodingFirstRep().getCode()).isEqualTo(Canonical.STATUS_REASON_ANDEN_KOMMUNE);
        assertThat(header.getDestinationFirstRep().getEndpoint()).isEqualTo(municipality.base());
        assertThat(messagesFor(provider, plan.getIdentifierFirstRep().getValue())).isEmpty();

        EpisodeOfCare course = http.get("EpisodeOfCare/" + planned.getIdElement().getIdPart()).resource(EpisodeOfCare.class);
        assertThat(course.getStatus()).as("a course that never started is cancelled").isEqualTo(EpisodeOfCareStatus.CANCELLED);
        assertThat(((CodeableConcept) course.getExtensionByUrl(Canonical.EXT_COURSE_END_REASON).getValue()).getCoding())
                .anyMatch(x -> Canonical.CS_COURSE_END_REASONS.equals(x.getSystem()) && "moved".equals(x.getCode()));
        ServiceRequest stored = http.get(planRef).resource(ServiceRequest.class);
        assertThat(((CodeableConcept) stored.getExtensionByUrl(Canonical.EXT_STATUS_REASON).getValue()).getCodingFirstRep().getCode())
                .isEqualTo(Canonical.STATUS_REASON_ANDEN_KOMMUNE);
        assertThat(ids("ServiceRequest?performer.identifier=" + Canonical.SYSTEM_MUNICIPALITY_CODE + "|" + OTHER_MUNICIPALITY))
                .contains(plan.getIdElement().getIdPart());
    }

    @Test
    void theFreeChoiceWorkListShowsThePlanBeforeAndNotAfterTheTransfer() {
        Citizen c = citizen();
        ServiceRequest late = plan(c, LocalDate.now(ZONE).minusDays(10));
        ServiceRequest timely = plan(citizen(), LocalDate.now(ZONE).minusDays(1));
        assertThat(ids(workList())).contains(late.getIdElement().getIdPart()).doesNotContain(timely.getIdElement().getIdPart());

        // a provider known by its CVR number alone
        Task task = ok(transfer("ServiceRequest/" + late.getIdElement().getIdPart(), parameters("provider", Canonical.SYSTEM_CVR, CVR_ONLY,
                "free-choice")), 200, Task.class);
        assertThat(ids(workList())).doesNotContain(late.getIdElement().getIdPart());
        assertThat(ids("ServiceRequest?performer.identifier=" + Canonical.SYSTEM_CVR + "|" + CVR_ONLY)).contains(late.getIdElement().getIdPart());
        awaitTask(task.getIdElement().getIdPart(), TransferTests::delivered);
        assertThat(messagesFor(provider, late.getIdentifierFirstRep().getValue())).hasSize(1);
    }

    @Test
    void badRequestsAreRefusedWithTheirCodeAndChangeNothing() {
        Citizen c = citizen();
        ServiceRequest plan = plan(c, LocalDate.now(ZONE).minusDays(1));
        String planRef = "ServiceRequest/" + plan.getIdElement().getIdPart();
        EpisodeOfCare course = ok(http.json("EpisodeOfCare", Courses.course(c.patient(), planRef, "sul-140", "knae-menisk", null)), 201,
                EpisodeOfCare.class);
        String courseRef = "EpisodeOfCare/" + course.getIdElement().getIdPart();
        int providerMessages = provider.messages().size();

        var notContracted = transfer(planRef, parameters("provider", Canonical.SYSTEM_SOR, Plans.uniqueSor(), "free-choice"))
                .assertError(422, "provider-not-contracted");
        assertThat(notContracted.getIssueFirstRep().getExpression()).extracting(Object::toString).anyMatch(e -> e.contains("provider"));
        transfer(planRef, parameters("municipality", Canonical.SYSTEM_MUNICIPALITY_CODE, "0999", "citizen-moved"))
                .assertError(422, "municipality-unknown");
        transfer(planRef, parameters("municipality", Canonical.SYSTEM_MUNICIPALITY_CODE, "0461", "citizen-moved"))
                .assertError(422, "municipality-unknown");
        transfer(planRef, parameters("provider", Canonical.SYSTEM_SOR, providerSor, null)).assertError(400, "invalid-parameters");
        transfer(planRef, parameters(null, null, null, "free-choice")).assertError(400, "invalid-parameters");
        transfer(planRef, parameters("provider", Canonical.SYSTEM_SOR, providerSor, "bored")).assertError(400, "invalid-parameters");
        transfer(planRef, parameters("provider", Canonical.SYSTEM_SOR, providerSor, "citizen-moved")).assertError(400, "invalid-parameters");
        Parameters both = parameters("provider", Canonical.SYSTEM_SOR, providerSor, "free-choice");
        both.addParameter().setName("municipality").setValue(new Identifier().setSystem(Canonical.SYSTEM_MUNICIPALITY_CODE).setValue(OTHER_MUNICIPALITY));
        transfer(planRef, both).assertError(400, "invalid-parameters");
        transfer("ServiceRequest/" + UUID.randomUUID(), parameters("provider", Canonical.SYSTEM_SOR, providerSor, "free-choice"))
                .assertError(404, "not-found");

        // nothing changed: the plan, the course and the outbox are as they were
        ServiceRequest after = http.get(planRef).resource(ServiceRequest.class);
        assertThat(after.getMeta().getVersionId()).isEqualTo(plan.getMeta().getVersionId());
        assertThat(after.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        assertThat(after.hasPerformer()).isFalse();
        EpisodeOfCare courseAfter = http.get(courseRef).resource(EpisodeOfCare.class);
        assertThat(courseAfter.getStatus()).isEqualTo(EpisodeOfCareStatus.PLANNED);
        assertThat(courseAfter.getMeta().getVersionId()).isEqualTo(course.getMeta().getVersionId());
        assertThat(ids("Task?focus=" + planRef)).isEmpty();
        assertThat(provider.messages()).hasSize(providerMessages);

        // a plan whose course is finished already
        Citizen d = citizen();
        ServiceRequest closed = plan(d, LocalDate.now(ZONE).minusDays(1));
        String closedRef = "ServiceRequest/" + closed.getIdElement().getIdPart();
        EpisodeOfCare cancelled = ok(http.json("EpisodeOfCare", Courses.course(d.patient(), closedRef, "sul-140", "knae-menisk", null)), 201,
                EpisodeOfCare.class);
        Courses.end(cancelled, EpisodeOfCareStatus.CANCELLED, Canonical.END_REASON_DECLINED);
        ok(http.update("EpisodeOfCare/" + cancelled.getIdElement().getIdPart(), cancelled), 200, EpisodeOfCare.class);
        transfer(closedRef, parameters("provider", Canonical.SYSTEM_SOR, providerSor, "free-choice")).assertError(409, "course-already-finished");
        assertThat(http.get(closedRef).resource(ServiceRequest.class).getMeta().getVersionId()).isEqualTo(closed.getMeta().getVersionId());
        assertThat(ids("Task?focus=" + closedRef)).isEmpty();

        // a specialised plan: the region's, not the municipality's to transfer
        Citizen e = citizen();
        ServiceRequest special = Plans.plan(e.patient(), e.hospital(), LocalDate.now(ZONE).minusDays(1));
        special.getCategory().clear();
        special.addCategory(Plans.planType(Canonical.PLAN_TYPE_SPECIALISERET));
        String specialRef = "ServiceRequest/" + ok(http.json("ServiceRequest", special), 201, ServiceRequest.class).getIdElement().getIdPart();
        transfer(specialRef, parameters("provider", Canonical.SYSTEM_SOR, providerSor, "free-choice")).assertError(409, "plan-not-transferable");
    }

    @Test
    void onlyTheMunicipalityTransfersAPlan() {
        Citizen c = citizen();
        ServiceRequest plan = plan(c, LocalDate.now(ZONE).minusDays(1));
        String planRef = "ServiceRequest/" + plan.getIdElement().getIdPart();
        String hospitalSor = http.get(c.hospital()).resource(Organization.class).getIdentifierFirstRep().getValue();
        Parameters p = parameters("provider", Canonical.SYSTEM_SOR, providerSor, "free-choice");
        String body = fhir.newJsonParser().encodeResourceToString(p);

        http.withToken(TestTokens.of(ClientKind.HOSPITAL, hospitalSor)).post(planRef + "/$transfer", "application/fhir+json", body)
                .assertError(403, "forbidden");
        http.withToken(TestTokens.of(ClientKind.GP, "024015")).post(planRef + "/$transfer", "application/fhir+json", body)
                .assertError(403, "forbidden");
        http.withoutToken().post(planRef + "/$transfer", "application/fhir+json", body).assertError(401, "unauthenticated");
        assertThat(http.get(planRef).resource(ServiceRequest.class).getMeta().getVersionId()).isEqualTo(plan.getMeta().getVersionId());
        assertThat(ids("Task?focus=" + planRef)).isEmpty();
    }

    @Test
    void theCapabilityStatementDeclaresTheOperationAndTheSearchParameters() {
        var cs = http.get("metadata").resource(org.hl7.fhir.r4.model.CapabilityStatement.class);
        var sr = cs.getRestFirstRep().getResource().stream().filter(r -> "ServiceRequest".equals(r.getType())).findFirst().orElseThrow();
        assertThat(sr.getOperation()).anyMatch(o -> "transfer".equals(o.getName()) && o.getDocumentation().contains("free-choice"));
        assertThat(sr.getSearchParam()).extracting(p -> p.getName()).contains("performer", "course-started");
    }
}
