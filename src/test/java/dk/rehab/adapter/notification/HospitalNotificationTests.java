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
        for (String file : List.of(ADMIT, CANCEL_ADMIT, DISCHARGE, EMERGENCY, MedcomNotifications.REVISE_ADMIT, MedcomNotifications.START_LEAVE,
                MedcomNotifications.END_LEAVE, MedcomNotifications.DISCHARGE_EMERGENCY)) {
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
    void aCancelledAdmissionGivesTheCourseAndTheFutureSessionsBack() throws Exception {
        String cpr = Plans.newCpr();
        String[] ids = citizenWithCourse(cpr);
        Bundle admit = example(EMERGENCY, cpr, Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), null);
        assertThat(ackCode(send(asHospital, admit))).isEqualTo("ok");
        assertThat(sessions(ids[1]).stream().filter(s -> s.getStatus() == Appointment.AppointmentStatus.CANCELLED)).hasSize(3);

        long until = System.currentTimeMillis() + 15_000;
        while (ofStay(header(admit)).isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        assertThat(ofStay(header(admit))).as("the functional status reached the hospital").hasSize(1);
        Bundle cancel = example(CANCEL_ADMIT, cpr, Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), header(admit));
        Http.Response answer = send(asHospital, cancel);
        assertThat(ackCode(answer)).as(answer.text()).isEqualTo("ok");
        // the status already delivered is not recalled (MedCom has no message for it); the adapter's copy is entered-in-error
        assertThat(Messages.ackOutcome(answer.resource(Bundle.class)).getIssueFirstRep().getDiagnostics()).contains("entered-in-error");
        Task delivered = (Task) http.get("Task?patient=Patient/" + ids[0]).resource(Bundle.class).getEntryFirstRep().getResource();
        assertThat(delivered.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("delivered");
        assertThat(http.get(delivered.getFocus().getReference()).resource(DocumentReference.class).getStatus())
                .isEqualTo(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
        assertThat(stay(header(admit)).getStatus()).isEqualTo(Encounter.EncounterStatus.ENTEREDINERROR);
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
    void anUnknownEventAndAWrongReceiverAreFatalErrorAcknowledgements() {
        String cpr = Plans.newCpr();
        Bundle unknown = example(ADMIT, cpr, Instant.now().minus(1, ChronoUnit.HOURS), null);
        unknown.getEntry().stream().filter(e -> e.getResource() instanceof Provenance).map(e -> (Provenance) e.getResource())
                .forEach(p -> p.getActivity().getCodingFirstRep().setCode("admit-outpatient"));
        // as a plan message with an activity it does not know: HTTP 200, fatal-error, stored, the same answer again
        Http.Response event = send(asHospital, unknown);
        assertThat(event.status()).as(event.text()).isEqualTo(200);
        assertThat(ackCode(event)).isEqualTo("fatal-error");
        org.hl7.fhir.r4.model.OperationOutcome outcome = Messages.ackOutcome(event.resource(Bundle.class));
        assertThat(outcome.getIssueFirstRep().getDetails().getText()).isEqualTo("unknown-notification-event");
        assertThat(outcome.getIssueFirstRep().getDetails().getCodingFirstRep().getCode()).isEqualTo("MSG_VALUESET_VALUE_UNKNOWN");
        assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).endsWith(".activity");
        assertThat(send(asHospital, unknown).text()).isEqualTo(event.text());
        Http.Response stays = http.post("Encounter/_search", "application/x-www-form-urlencoded", "patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr);
        assertThat(stays.resource(Bundle.class).getEntry()).as("nothing stored but the answer").isEmpty();

        Bundle elsewhere = example(ADMIT, cpr, Instant.now().minus(1, ChronoUnit.HOURS), null);
        elsewhere.getEntry().stream().filter(e -> e.getResource() instanceof Organization o && o.getIdentifier().stream()
                .anyMatch(i -> Messages.OUR_SOR.equals(i.getValue()))).map(e -> (Organization) e.getResource())
                .forEach(o -> o.getIdentifier().forEach(i -> i.setValue(Canonical.SYSTEM_SOR.equals(i.getSystem()) ? "123451000016001" : "5790000000005")));
        Http.Response refused = send(asHospital, elsewhere);
        assertThat(ackCode(refused)).isEqualTo("fatal-error");
        assertThat(Messages.errorCodes(refused.resource(Bundle.class))).contains("wrong-receiver");
        assertThat(send(asHospital, elsewhere).text()).isEqualTo(refused.text());
    }

    // ---- every event of MedCom's value set hospitalNotification-messageActivities, each revise-/cancel- against its original

    private Bundle event(String file, String activity, String cpr, Instant start, String refersTo) {
        return MedcomNotifications.withActivity(example(file, cpr, start, refersTo), activity);
    }

    /** Sends the notification, asserts an ok acknowledgement naming the stay's Encounter, and returns the stay. */
    private Encounter ok(Bundle notification, String stayKey) {
        Http.Response answer = send(asHospital, notification);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(ackCode(answer)).as(answer.text()).isEqualTo("ok");
        Encounter stay = stay(stayKey);
        assertThat(Messages.ackOutcome(answer.resource(Bundle.class)).getIssueFirstRep().getDetails().getText())
                .isEqualTo("Encounter/" + stay.getIdElement().getIdPart());
        return stay;
    }

    private Encounter stay(String stayKey) {
        return (Encounter) http.get("Encounter?identifier=" + Notifications.SYSTEM_STAY + "|" + stayKey).resource(Bundle.class)
                .getEntryFirstRep().getResource();
    }

    private EpisodeOfCare course(String id) {
        return http.get("EpisodeOfCare/" + id).resource(EpisodeOfCare.class);
    }

    private List<String> resumeWorkList(LocalDate day) {
        return http.get("EpisodeOfCare?resume-after-admission=le" + day + "&_count=200").resource(Bundle.class).getEntry().stream()
                .map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private static LocalDate deadline(EpisodeOfCare course) {
        Extension stay = course.getExtensionByUrl(Notifications.EXT_STAY);
        return stay == null || stay.getExtensionByUrl("resumeContactDeadline") == null ? null
                : LocalDate.parse(stay.getExtensionByUrl("resumeContactDeadline").getValue().primitiveValue());
    }

    private static final java.time.ZoneId DK = java.time.ZoneId.of("Europe/Copenhagen");

    @Test
    void emergencyDischargeIsRevisedAndCancelled() {
        String cpr = Plans.newCpr();
        String[] ids = citizenWithCourse(cpr);
        Instant admitted = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Bundle admit = event(EMERGENCY, "admit-emergency", cpr, admitted, null);
        ok(admit, header(admit));
        assertThat(course(ids[1]).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ONHOLD);
        assertThat(sessions(ids[1])).as("all four sessions lie in the stay").extracting(Appointment::getStatus)
                .containsOnly(Appointment.AppointmentStatus.CANCELLED);

        Bundle discharge = event(MedcomNotifications.DISCHARGE_EMERGENCY, "discharge-emergency-home", cpr, admitted, header(admit));
        Encounter discharged = ok(discharge, header(admit));
        assertThat(discharged.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        EpisodeOfCare resumed = course(ids[1]);
        assertThat(resumed.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        LocalDate today = LocalDate.now(DK);
        assertThat(deadline(resumed)).isEqualTo(today.plusDays(4));
        assertThat(resumeWorkList(today.plusDays(4))).contains(ids[1]);

        // revise-discharge: the hospital corrects the discharge to yesterday 08:00; the deadline follows
        Instant yesterday = today.minusDays(1).atTime(8, 0).atZone(DK).toInstant();
        Bundle revise = MedcomNotifications.withEnd(event(MedcomNotifications.DISCHARGE_EMERGENCY, "revise-discharge-emergency-home", cpr,
                admitted, header(discharge)), yesterday);
        Encounter revised = ok(revise, header(admit));
        assertThat(revised.getPeriod().getEnd()).isEqualTo(Date.from(yesterday));
        EpisodeOfCare corrected = course(ids[1]);
        assertThat(corrected.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(deadline(corrected)).isEqualTo(today.plusDays(3));
        assertThat(resumeWorkList(today.plusDays(3))).contains(ids[1]);
        assertThat(resumeWorkList(today.plusDays(2))).doesNotContain(ids[1]);
        assertThat(corrected.getExtensionsByUrl(Notifications.EXT_STAY)).as("one link to the stay, not one per notification").hasSize(1);

        // the centre books a session after the discharge; then the hospital cancels the discharge: the citizen is still in
        // hospital, the course is on hold again, off the work list, and the new session is cancelled for the stay
        Http.Response booked = http.json("Appointment", dk.rehab.adapter.support.Courses.session("EpisodeOfCare/" + ids[1], "Patient/" + ids[0],
                "individual", today.plusDays(5).atTime(10, 0).atZone(DK).toOffsetDateTime(), 45, null, "Practitioner/" + fixtures.therapist()));
        assertThat(booked.status()).as(booked.text()).isEqualTo(201);
        String later = booked.resource(Appointment.class).getIdElement().getIdPart();
        Bundle cancel = event(MedcomNotifications.DISCHARGE_EMERGENCY, "cancel-discharge-emergency-home", cpr, admitted, header(discharge));
        Encounter again = ok(cancel, header(admit));
        assertThat(again.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(again.getPeriod().hasEnd()).as("the stay has not ended").isFalse();
        EpisodeOfCare held = course(ids[1]);
        assertThat(held.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ONHOLD);
        assertThat(held.getStatusHistory()).last().matches(h -> h.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ONHOLD);
        assertThat(deadline(held)).isNull();
        assertThat(resumeWorkList(today.plusDays(30))).doesNotContain(ids[1]);
        Appointment newSession = http.get("Appointment/" + later).resource(Appointment.class);
        assertThat(newSession.getStatus()).isEqualTo(Appointment.AppointmentStatus.CANCELLED);
        assertThat(newSession.getCancelationReason().getCodingFirstRep().getCode()).isEqualTo(Notifications.CANCEL_REASON);
        assertThat(course(ids[1]).getExtensionByUrl(Canonical.EXT_REASSESSMENT)).as("not the citizen's cancellations").isNull();

        // discharged once more (a new discharge naming the admission): active, on the work list again
        Bundle second = event(MedcomNotifications.DISCHARGE_EMERGENCY, "discharge-emergency-home", cpr, admitted, header(admit));
        ok(second, header(admit));
        assertThat(course(ids[1]).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(resumeWorkList(today.plusDays(4))).contains(ids[1]);
    }

    @Test
    void inpatientDischargeIsRevisedAndCancelled() {
        String cpr = Plans.newCpr();
        String[] ids = citizenWithCourse(cpr);
        Instant admitted = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Bundle admit = event(ADMIT, "admit-inpatient", cpr, admitted, null);
        ok(admit, header(admit));
        Bundle discharge = event(DISCHARGE, "discharge-inpatient-home", cpr, admitted, header(admit));
        ok(discharge, header(admit));
        LocalDate today = LocalDate.now(DK);
        assertThat(deadline(course(ids[1]))).isEqualTo(today.plusDays(4));
        Instant earlier = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Encounter revised = ok(MedcomNotifications.withEnd(event(DISCHARGE, "revise-discharge-inpatient-home", cpr, admitted, header(discharge)),
                earlier), header(admit));
        assertThat(revised.getPeriod().getEnd()).isEqualTo(Date.from(earlier));
        assertThat(course(ids[1]).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        Encounter cancelled = ok(event(DISCHARGE, "cancel-discharge-inpatient-home", cpr, admitted, header(discharge)), header(admit));
        assertThat(cancelled.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(course(ids[1]).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ONHOLD);
        assertThat(resumeWorkList(today.plusDays(30))).doesNotContain(ids[1]);
        assertThat(sessions(ids[1])).extracting(Appointment::getStatus).containsExactly(Appointment.AppointmentStatus.BOOKED,
                Appointment.AppointmentStatus.CANCELLED, Appointment.AppointmentStatus.CANCELLED, Appointment.AppointmentStatus.CANCELLED);
    }

    @Test
    void leaveIsStartedRevisedCancelledEndedAndItsEndCancelled() {
        String cpr = Plans.newCpr();
        String[] ids = citizenWithCourse(cpr);
        Instant admitted = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Bundle admit = event(ADMIT, "admit-inpatient", cpr, admitted, null);
        String key = header(admit);
        ok(admit, key);
        Instant leaveStart = Instant.now().minus(90, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Bundle start = MedcomNotifications.withLeave(event(MedcomNotifications.START_LEAVE, "start-leave-inpatient", cpr, admitted, key), leaveStart, null);
        Encounter onLeave = ok(start, key);
        assertThat(onLeave.getStatus()).isEqualTo(Encounter.EncounterStatus.ONLEAVE);
        assertThat(leave(onLeave).getStart()).isEqualTo(Date.from(leaveStart));

        Instant corrected = leaveStart.plus(1, ChronoUnit.HOURS);
        Encounter revised = ok(MedcomNotifications.withLeave(event(MedcomNotifications.START_LEAVE, "revise-start-leave-inpatient", cpr, admitted,
                header(start)), corrected, null), key);
        assertThat(revised.getStatus()).isEqualTo(Encounter.EncounterStatus.ONLEAVE);
        assertThat(leave(revised).getStart()).isEqualTo(Date.from(corrected));

        // cancel-start-leave: no leave after all (the hospital's Encounter still names it: the adapter removes it)
        Encounter noLeave = ok(MedcomNotifications.withLeave(event(MedcomNotifications.START_LEAVE, "cancel-start-leave-inpatient", cpr, admitted,
                header(start)), corrected, null), key);
        assertThat(noLeave.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(noLeave.getExtensionByUrl(Notifications.EXT_LEAVE)).isNull();

        Bundle again = MedcomNotifications.withLeave(event(MedcomNotifications.START_LEAVE, "start-leave-inpatient", cpr, admitted, key), leaveStart, null);
        ok(again, key);
        Instant back = Instant.now().minus(60, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Bundle end = MedcomNotifications.withLeave(event(MedcomNotifications.END_LEAVE, "end-leave-inpatient", cpr, admitted, header(again)), leaveStart, back);
        Encounter returned = ok(end, key);
        assertThat(returned.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(leave(returned).getEnd()).isEqualTo(Date.from(back));

        Instant backLater = back.plus(30, ChronoUnit.MINUTES);
        Encounter endRevised = ok(MedcomNotifications.withLeave(event(MedcomNotifications.END_LEAVE, "revise-end-leave-inpatient", cpr, admitted,
                header(end)), leaveStart, backLater), key);
        assertThat(endRevised.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(leave(endRevised).getEnd()).isEqualTo(Date.from(backLater));

        // cancel-end-leave: still on leave, the leave without its end
        Encounter stillAway = ok(MedcomNotifications.withLeave(event(MedcomNotifications.END_LEAVE, "cancel-end-leave-inpatient", cpr, admitted,
                header(end)), leaveStart, backLater), key);
        assertThat(stillAway.getStatus()).isEqualTo(Encounter.EncounterStatus.ONLEAVE);
        assertThat(leave(stillAway).getStart()).isEqualTo(Date.from(leaveStart));
        assertThat(leave(stillAway).hasEnd()).isFalse();

        // through all of it the course stays on hold and the sessions as the admission left them
        assertThat(course(ids[1]).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ONHOLD);
        assertThat(sessions(ids[1])).extracting(Appointment::getStatus).containsExactly(Appointment.AppointmentStatus.BOOKED,
                Appointment.AppointmentStatus.CANCELLED, Appointment.AppointmentStatus.CANCELLED, Appointment.AppointmentStatus.CANCELLED);
        assertThat(resumeWorkList(LocalDate.now(DK).plusDays(30))).doesNotContain(ids[1]);
    }

    @Test
    void anEmergencyStayFollowedByAnAdmissionKeepsTheCourseOnHoldUntilBothEnd() {
        String cpr = Plans.newCpr();
        String[] ids = citizenWithCourse(cpr);
        Instant emergency = Instant.now().minus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Bundle acute = event(EMERGENCY, "admit-emergency", cpr, emergency, null);
        ok(acute, header(acute));
        // the citizen is admitted from the emergency ward: a new stay, while the first is not yet ended
        Instant admitted = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Bundle admit = event(ADMIT, "admit-inpatient", cpr, admitted, null);
        Encounter second = ok(admit, header(admit));
        assertThat(second.getEpisodeOfCare()).extracting(Reference::getReference).containsExactly("EpisodeOfCare/" + ids[1]);
        // the emergency stay ends first: the course stays on hold, off the work list
        Http.Response first = send(asHospital, event(MedcomNotifications.DISCHARGE_EMERGENCY, "discharge-emergency-home", cpr, emergency, header(acute)));
        assertThat(ackCode(first)).isEqualTo("ok");
        assertThat(Messages.ackOutcome(first.resource(Bundle.class)).getIssueFirstRep().getDiagnostics()).contains("another stay");
        assertThat(course(ids[1]).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ONHOLD);
        LocalDate today = LocalDate.now(DK);
        assertThat(resumeWorkList(today.plusDays(30))).doesNotContain(ids[1]);
        // the inpatient stay ends: the course gets its status back and goes on the work list
        ok(event(DISCHARGE, "discharge-inpatient-home", cpr, admitted, header(admit)), header(admit));
        EpisodeOfCare resumed = course(ids[1]);
        assertThat(resumed.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(resumeWorkList(today.plusDays(4))).contains(ids[1]);
    }

    private static org.hl7.fhir.r4.model.Period leave(Encounter stay) {
        Extension leave = stay.getExtensionByUrl(Notifications.EXT_LEAVE);
        assertThat(leave).as("the leave on the stay").isNotNull();
        return (org.hl7.fhir.r4.model.Period) leave.getValue();
    }

    @Test
    void emergencyAdmissionIsRevisedAndCancelled() {
        String cpr = Plans.newCpr();
        String[] ids = citizenWithCourse(cpr);
        Bundle admit = event(EMERGENCY, "admit-emergency", cpr, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), null);
        ok(admit, header(admit));
        Instant later = LocalDate.now(DK).plusDays(2).atTime(8, 0).atZone(DK).toInstant();
        // MedCom's revise and cancel examples are of an inpatient stay; the emergency events are the same messages
        Encounter revised = ok(event(MedcomNotifications.REVISE_ADMIT, "revise-admit-emergency", cpr, later, header(admit)), header(admit));
        assertThat(revised.getPeriod().getStart()).isEqualTo(Date.from(later));
        assertThat(sessions(ids[1])).extracting(Appointment::getStatus).containsExactly(Appointment.AppointmentStatus.BOOKED,
                Appointment.AppointmentStatus.BOOKED, Appointment.AppointmentStatus.CANCELLED, Appointment.AppointmentStatus.CANCELLED);
        Encounter cancelled = ok(event(CANCEL_ADMIT, "cancel-admit-emergency", cpr, later, header(admit)), header(admit));
        assertThat(cancelled.getStatus()).isEqualTo(Encounter.EncounterStatus.ENTEREDINERROR);
        assertThat(course(ids[1]).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(sessions(ids[1])).extracting(Appointment::getStatus).containsOnly(Appointment.AppointmentStatus.BOOKED);
        assertThat(http.get("Encounter?status=cancelled&identifier=" + Notifications.SYSTEM_STAY + "|" + header(admit)).resource(Bundle.class)
                .getEntry()).hasSize(1);
    }

    @Test
    void aCancelledAdmissionWithdrawsTheFunctionalStatusNotYetSent() {
        // a hospital the endpoint directory has no server for: the status waits (no-endpoint) when the admission is cancelled
        String otherSor = "446791000016008";
        Http asOther = http.withToken(TestTokens.of(ClientKind.HOSPITAL, otherSor));
        String cpr = Plans.newCpr();
        String[] ids = citizenWithCourse(cpr);
        Instant admitted = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Bundle admit = fromOther(event(ADMIT, "admit-inpatient", cpr, admitted, null), otherSor);
        assertThat(ackCode(send(asOther, admit))).isEqualTo("ok");
        Task waiting = (Task) http.get("Task?patient=Patient/" + ids[0]).resource(Bundle.class).getEntryFirstRep().getResource();
        assertThat(waiting.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("no-endpoint");
        String document = waiting.getFocus().getReference();
        assertThat(http.get(document).resource(DocumentReference.class).getStatus())
                .isEqualTo(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);

        Http.Response cancel = send(asOther, fromOther(event(CANCEL_ADMIT, "cancel-admit-inpatient", cpr, admitted, header(admit)), otherSor));
        assertThat(ackCode(cancel)).as(cancel.text()).isEqualTo("ok");
        assertThat(Messages.ackOutcome(cancel.resource(Bundle.class)).getIssueFirstRep().getDiagnostics()).contains("withdrawn before it was sent");
        Task stopped = http.get("Task/" + waiting.getIdElement().getIdPart()).resource(Task.class);
        assertThat(stopped.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
        assertThat(stopped.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("superseded");
        assertThat(stopped.getStatusReason().getText()).contains("cancelled the admission");
        assertThat(http.get(document).resource(DocumentReference.class).getStatus())
                .isEqualTo(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
        assertThat(course(ids[1]).getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
    }

    /** The notification as sent by the hospital with SOR id {@code sor} (its sender Organization). */
    private static Bundle fromOther(Bundle notification, String sor) {
        notification.getEntry().stream().filter(e -> e.getResource() instanceof Organization o && o.getIdentifier().stream()
                .anyMatch(i -> HOSPITAL_SOR.equals(i.getValue()))).map(e -> (Organization) e.getResource())
                .forEach(o -> o.getIdentifier().stream().filter(i -> Canonical.SYSTEM_SOR.equals(i.getSystem())).forEach(i -> i.setValue(sor)));
        return notification;
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
