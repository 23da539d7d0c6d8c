package dk.rehab.adapter.notification;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.CourseFixtures;
import dk.rehab.adapter.support.FhirReceiver;
import dk.rehab.adapter.support.FunctionalStatus;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.RequiresShared;
import dk.rehab.adapter.support.TestTokens;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * MedCom's own example hospital notifications (read from the HospitalNotification 3.0.2 package in ../shared, with
 * fresh message ids, CPR and dates set at runtime) sent to $process-message by the hospital they name: an admission
 * puts the course on hold, cancels the sessions during the stay (reason hospital-admission, not the citizen's) and
 * delivers the citizen's functional status to a real FHIR server standing in for the hospital, exactly once; a
 * discharge resumes the course onto the work list; a cancelled admission undoes it; a citizen without a course is
 * acknowledged and changes nothing; bad input and callers are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@RequiresShared
abstract class HospitalNotificationTests {
    static final String HOSPITAL_SOR = "265161000016000";
    static final String ADMIT = MedcomNotifications.ADMIT;
    static final String CANCEL_ADMIT = MedcomNotifications.CANCEL_ADMIT;
    static final String DISCHARGE = MedcomNotifications.DISCHARGE;
    static final String EMERGENCY = MedcomNotifications.EMERGENCY;

    protected abstract Map<String, Object> database(String name);

    private final FhirContext fhir = FhirContext.forR4Cached();
    private final Map<String, String> examples = new HashMap<>();
    private FhirReceiver hospital;
    private ConfigurableApplicationContext app;
    private Http http;
    private Http asHospital;
    private CourseFixtures fixtures;

    @BeforeAll
    void start() throws Exception {
        for (String file : List.of(ADMIT, CANCEL_ADMIT, DISCHARGE, EMERGENCY, MedcomNotifications.REVISE_ADMIT, MedcomNotifications.START_LEAVE)) {
            examples.put(file, fhir.newJsonParser().encodeResourceToString(MedcomNotifications.load(fhir, file)));
        }
        hospital = new FhirReceiver(fhir);
        Map<String, Object> properties = new HashMap<>(database("it_notif_" + UUID.randomUUID().toString().substring(0, 8)));
        properties.put("server.port", "0");
        properties.put("adapter.delivery.poll-interval", "200ms");
        properties.put("adapter.delivery.endpoints[0].system", Canonical.SYSTEM_SOR);
        properties.put("adapter.delivery.endpoints[0].value", HOSPITAL_SOR);
        properties.put("adapter.delivery.endpoints[0].url", hospital.base());
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        app = new SpringApplicationBuilder(RehabAdapterApplication.class).run(args);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        http = new Http(app.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
        asHospital = http.withToken(TestTokens.of(ClientKind.HOSPITAL, HOSPITAL_SOR));
        fixtures = new CourseFixtures(app);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        hospital.close();
    }

    /** A MedCom example with a fresh MessageHeader and Bundle id, the citizen's CPR, the admission at {@code start}. */
    Bundle example(String file, String cpr, Instant start, String refersTo) {
        return MedcomNotifications.adapt(fhir.newJsonParser().parseResource(Bundle.class, examples.get(file)), cpr, start, refersTo);
    }

    private Http.Response send(Http as, Bundle message) {
        return as.post("$process-message", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(message));
    }

    private static String header(Bundle message) {
        return message.getEntryFirstRep().getResource().getIdElement().getIdPart();
    }

    /** A citizen with a plan and an active course with booked sessions tomorrow and the two days after, and one yesterday. */
    private String[] citizenWithCourse(String cpr) {
        Bundle tx = Plans.transaction(cpr, Plans.hospital(null, Plans.gln("579000135414")), LocalDate.now().minusDays(2));
        Http.Response stored = http.json("", tx);
        assertThat(stored.status()).as(stored.text()).isEqualTo(200);
        Bundle answer = stored.resource(Bundle.class);
        String patientId = answer.getEntry().get(0).getResponse().getLocation().split("/")[1];
        String planId = answer.getEntry().get(3).getResponse().getLocation().split("/")[1];
        String therapist = fixtures.therapist();
        EpisodeOfCare active = dk.rehab.adapter.support.Courses.course("Patient/" + patientId, "ServiceRequest/" + planId, "sul-140", "geriatri", null);
        active.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        Http.Response created = http.json("EpisodeOfCare", active);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String course = created.resource(EpisodeOfCare.class).getIdElement().getIdPart();
        OffsetDateTime tenToday = LocalDate.now().atTime(10, 0).atZone(java.time.ZoneId.of("Europe/Copenhagen")).toOffsetDateTime();
        for (int day : new int[] {-1, 1, 2, 3}) {
            Http.Response booked = http.json("Appointment", dk.rehab.adapter.support.Courses.session("EpisodeOfCare/" + course, "Patient/" + patientId,
                    "individual", tenToday.plusDays(day), 45, null, "Practitioner/" + therapist));
            assertThat(booked.status()).as(booked.text()).isEqualTo(201);
        }
        Http.Response status = http.json("Observation", FunctionalStatus.observation(patientId, course, therapist, FunctionalStatus.LAVE_MAD, 2, "start",
                OffsetDateTime.now(ZoneOffset.UTC).minusDays(1)));
        assertThat(status.status()).as(status.text()).isEqualTo(201);
        return new String[] {patientId, course};
    }

    private List<Appointment> sessions(String course) {
        return http.get("Appointment?course=EpisodeOfCare/" + course + "&_sort=date&_count=50").resource(Bundle.class).getEntry().stream()
                .map(e -> (Appointment) e.getResource()).toList();
    }

    /** What the hospital's server received for the stay (the receiver is shared by the tests). */
    private List<DocumentReference> ofStay(String stayKey) {
        return hospital.documents().stream().filter(d -> stayKey.equals(d.getMasterIdentifier().getValue())).toList();
    }

    private static String ackCode(Http.Response response) {
        return Messages.ackHeader(response.resource(Bundle.class)).getResponse().getCode().toCode();
    }

    @Test
    void admissionPutsTheCourseOnHoldCancelsTheStaySessionsAndSendsTheFunctionalStatusOnce() throws Exception {
        String cpr = Plans.newCpr();
        String[] ids = citizenWithCourse(cpr);
        Bundle admit = example(ADMIT, cpr, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), null);
        Http.Response first = send(asHospital, admit);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(ackCode(first)).as(first.text()).isEqualTo("ok");

        EpisodeOfCare course = http.get("EpisodeOfCare/" + ids[1]).resource(EpisodeOfCare.class);
        assertThat(course.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ONHOLD);
        assertThat(course.getStatusHistory()).last().matches(h -> h.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ONHOLD);
        Extension stay = course.getExtensionByUrl(Notifications.EXT_STAY);
        assertThat(stay).isNotNull();
        String encounterRef = ((Reference) stay.getExtensionByUrl("encounter").getValue()).getReference();
        Encounter encounter = http.get(encounterRef).resource(Encounter.class);
        assertThat(encounter.getIdentifierFirstRep().getValue()).isEqualTo(header(admit));
        assertThat(encounter.getEpisodeOfCareFirstRep().getReference()).isEqualTo("EpisodeOfCare/" + ids[1]);

        List<Appointment> sessions = sessions(ids[1]);
        assertThat(sessions).hasSize(4);
        assertThat(sessions.get(0).getStatus()).as("yesterday, before the admission").isEqualTo(Appointment.AppointmentStatus.BOOKED);
        assertThat(sessions.subList(1, 4)).allSatisfy(s -> {
            assertThat(s.getStatus()).isEqualTo(Appointment.AppointmentStatus.CANCELLED);
            assertThat(s.getCancelationReason().getCodingFirstRep().getCode()).isEqualTo(Notifications.CANCEL_REASON);
        });
        assertThat(course.getExtensionByUrl(Canonical.EXT_REASSESSMENT)).as("not the citizen's cancellations").isNull();
        Extension usage = course.getExtensionByUrl(Canonical.EXT_SESSION_USAGE);
        assertThat(usage.getExtensionByUrl("noshow").getValue().primitiveValue()).isEqualTo("0");
        assertThat(usage.getExtensionByUrl("booked").getValue().primitiveValue()).isEqualTo("1");

        // the same notification again: the same answer, nothing done twice
        Http.Response again = send(asHospital, admit);
        assertThat(again.text()).isEqualTo(first.text());
        long until = System.currentTimeMillis() + 15_000;
        while (ofStay(header(admit)).isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        List<DocumentReference> received = ofStay(header(admit));
        assertThat(received).hasSize(1);
        DocumentReference doc = received.get(0);
        assertThat(doc.getMasterIdentifier().getValue()).isEqualTo(header(admit));
        Bundle content = fhir.newJsonParser().parseResource(Bundle.class, new String(doc.getContentFirstRep().getAttachment().getData(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(content.getEntry()).anyMatch(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Observation);
        assertThat(content.getEntry()).anyMatch(e -> e.getResource() instanceof Patient p
                && p.getIdentifier().stream().anyMatch(i -> cpr.equals(i.getValue())));
        Bundle tasks = http.get("Task?patient=Patient/" + ids[0]).resource(Bundle.class);
        assertThat(tasks.getEntry()).hasSize(1);
        assertThat(((Task) tasks.getEntryFirstRep().getResource()).getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("delivered");

        // discharge: the course resumes onto the work list "resume after admission"
        Bundle discharge = example(DISCHARGE, cpr, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), header(admit));
        Http.Response out = send(asHospital, discharge);
        assertThat(ackCode(out)).as(out.text()).isEqualTo("ok");
        EpisodeOfCare resumed = http.get("EpisodeOfCare/" + ids[1]).resource(EpisodeOfCare.class);
        assertThat(resumed.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        LocalDate deadline = LocalDate.parse(((DateType) resumed.getExtensionByUrl(Notifications.EXT_STAY)
                .getExtensionByUrl("resumeContactDeadline").getValue()).getValueAsString());
        assertThat(deadline).isEqualTo(LocalDate.now(java.time.ZoneId.of("Europe/Copenhagen")).plusDays(4));
        Bundle workList = http.get("EpisodeOfCare?resume-after-admission=le" + deadline).resource(Bundle.class);
        assertThat(workList.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(ids[1]);
        assertThat(http.get("EpisodeOfCare?resume-after-admission=lt" + deadline).resource(Bundle.class).getEntry())
                .extracting(e -> e.getResource().getIdElement().getIdPart()).doesNotContain(ids[1]);
        assertThat(http.get(encounterRef).resource(Encounter.class).getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
    }

    @Test
    void aCancelledAdmissionGivesTheCourseAndTheFutureSessionsBack() {
        String cpr = Plans.newCpr();
        String[] ids = citizenWithCourse(cpr);
        Bundle admit = example(EMERGENCY, cpr, Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), null);
        assertThat(ackCode(send(asHospital, admit))).isEqualTo("ok");
        assertThat(sessions(ids[1]).stream().filter(s -> s.getStatus() == Appointment.AppointmentStatus.CANCELLED)).hasSize(3);

        Bundle cancel = example(CANCEL_ADMIT, cpr, Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), header(admit));
        Http.Response answer = send(asHospital, cancel);
        assertThat(ackCode(answer)).as(answer.text()).isEqualTo("ok");
        EpisodeOfCare course = http.get("EpisodeOfCare/" + ids[1]).resource(EpisodeOfCare.class);
        assertThat(course.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(sessions(ids[1])).allSatisfy(s -> assertThat(s.getStatus()).isEqualTo(Appointment.AppointmentStatus.BOOKED));
    }

    @Test
    void aRevisedAdmissionMovesTheCancelledSessionsAndALeaveIsRecorded() {
        String cpr = Plans.newCpr();
        String[] ids = citizenWithCourse(cpr);
        Bundle admit = example(ADMIT, cpr, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), null);
        assertThat(ackCode(send(asHospital, admit))).isEqualTo("ok");
        // the hospital corrects the admission to the day after tomorrow, 08:00: tomorrow's session is booked again
        Instant later = LocalDate.now().plusDays(2).atTime(8, 0).atZone(java.time.ZoneId.of("Europe/Copenhagen")).toInstant();
        Http.Response revised = send(asHospital, example(MedcomNotifications.REVISE_ADMIT, cpr, later, header(admit)));
        assertThat(ackCode(revised)).as(revised.text()).isEqualTo("ok");
        List<Appointment> sessions = sessions(ids[1]);
        assertThat(sessions).extracting(Appointment::getStatus).containsExactly(Appointment.AppointmentStatus.BOOKED,
                Appointment.AppointmentStatus.BOOKED, Appointment.AppointmentStatus.CANCELLED, Appointment.AppointmentStatus.CANCELLED);
        Bundle leave = example(MedcomNotifications.START_LEAVE, cpr, later, header(admit));
        Http.Response onLeave = send(asHospital, leave);
        assertThat(ackCode(onLeave)).as(onLeave.text()).isEqualTo("ok");
        Encounter stay = (Encounter) http.get("Encounter?identifier=" + Notifications.SYSTEM_STAY + "|" + header(admit)).resource(Bundle.class)
                .getEntryFirstRep().getResource();
        assertThat(stay.getStatus()).isEqualTo(Encounter.EncounterStatus.ONLEAVE);
        assertThat(stay.getExtensionByUrl(Notifications.EXT_LEAVE)).isNotNull();
        assertThat(stay.getPeriod().getStart()).isEqualTo(Date.from(later));
        assertThat(http.get("EpisodeOfCare/" + ids[1]).resource(EpisodeOfCare.class).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ONHOLD);
    }

    @Test
    void aCitizenWithoutACourseIsAcknowledgedChangesNothingAndIsSearchable() {
        String cpr = Plans.newCpr();
        Bundle admit = example(ADMIT, cpr, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), null);
        Http.Response answer = send(asHospital, admit);
        assertThat(ackCode(answer)).as(answer.text()).isEqualTo("ok");
        assertThat(http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class).getTotal()).isZero();
        Http.Response search = http.post("Encounter/_search", "application/x-www-form-urlencoded", "patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr);
        assertThat(search.status()).as(search.text()).isEqualTo(200);
        Bundle found = search.resource(Bundle.class);
        assertThat(found.getEntry()).hasSize(1);
        assertThat(((Encounter) found.getEntryFirstRep().getResource()).getIdentifierFirstRep().getValue()).isEqualTo(header(admit));
    }

    @Test
    void anUnknownEventIs400AndAWrongReceiverAFatalError() {
        String cpr = Plans.newCpr();
        Bundle unknown = example(ADMIT, cpr, Instant.now().minus(1, ChronoUnit.HOURS), null);
        unknown.getEntry().stream().filter(e -> e.getResource() instanceof Provenance).map(e -> (Provenance) e.getResource())
                .forEach(p -> p.getActivity().getCodingFirstRep().setCode("admit-outpatient"));
        send(asHospital, unknown).assertError(400, "unknown-notification-event");

        Bundle elsewhere = example(ADMIT, cpr, Instant.now().minus(1, ChronoUnit.HOURS), null);
        elsewhere.getEntry().stream().filter(e -> e.getResource() instanceof Organization o && o.getIdentifier().stream()
                .anyMatch(i -> Messages.OUR_SOR.equals(i.getValue()))).map(e -> (Organization) e.getResource())
                .forEach(o -> o.getIdentifier().forEach(i -> i.setValue(Canonical.SYSTEM_SOR.equals(i.getSystem()) ? "123451000016001" : "5790000000005")));
        Http.Response refused = send(asHospital, elsewhere);
        assertThat(ackCode(refused)).isEqualTo("fatal-error");
        assertThat(Messages.errorCodes(refused.resource(Bundle.class))).contains("wrong-receiver");
        assertThat(send(asHospital, elsewhere).text()).isEqualTo(refused.text());
    }

    @Test
    void aHospitalNotifiesInItsOwnNameOnly() {
        Bundle admit = example(ADMIT, Plans.newCpr(), Instant.now().minus(1, ChronoUnit.HOURS), null);
        send(http.withToken(TestTokens.of(ClientKind.HOSPITAL, "446791000016008")), admit).assertError(403, "forbidden");
        send(http.withoutToken(), admit).assertError(401, "unauthenticated");
        send(http.withToken(TestTokens.of(ClientKind.GP, "012345")), admit).assertError(403, "forbidden");
        // the stays are the municipality's: a hospital or a caller without a token reads and searches none
        asHospital.get("Encounter?status=admitted").assertError(403, "forbidden");
        http.withoutToken().get("Encounter?status=admitted").assertError(401, "unauthenticated");
        assertThat(http.get("Encounter?status=admitted").status()).isEqualTo(200);
    }
}
