package dk.rehab.adapter.course;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A course lived end to end through the FHIR API, and the centre's work lists as FHIR searches. */
abstract class CourseLifeTests extends IntegrationTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    String cpr;
    String patient;
    String hospital;
    String t1;
    String t2;
    String team;

    @BeforeEach
    void people() {
        cpr = Plans.newCpr();
        patient = "Patient/" + http.json("Patient", Plans.patient(cpr)).resource(Patient.class).getIdElement().getIdPart();
        hospital = "Organization/" + http.json("Organization", Plans.hospital(Plans.uniqueSor(), null)).resource(Organization.class)
                .getIdElement().getIdPart();
        t1 = "Practitioner/" + http.json("Practitioner", Courses.therapist("Hansen")).resource(Practitioner.class).getIdElement().getIdPart();
        t2 = "Practitioner/" + http.json("Practitioner", Courses.therapist("Olsen")).resource(Practitioner.class).getIdElement().getIdPart();
        team = "HealthcareService/" + http.json("HealthcareService", Courses.team("Knæhold", 8)).resource(HealthcareService.class)
                .getIdElement().getIdPart();
    }

    <T extends org.hl7.fhir.r4.model.Resource> T ok(Http.Response response, int status, Class<T> type) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        return response.resource(type);
    }

    Appointment put(Appointment a) {
        return ok(http.update("Appointment/" + a.getIdElement().getIdPart(), a), 200, Appointment.class);
    }

    EpisodeOfCare put(EpisodeOfCare c) {
        return ok(http.update("EpisodeOfCare/" + c.getIdElement().getIdPart(), c), 200, EpisodeOfCare.class);
    }

    static int usage(EpisodeOfCare course, String what) {
        return ((IntegerType) course.getExtensionByUrl(Canonical.EXT_SESSION_USAGE).getExtensionByUrl(what).getValue()).getValue();
    }

    @Test
    void aCourseLivedEndToEnd() {
        ServiceRequest plan = ok(http.json("ServiceRequest", Plans.plan(patient, hospital, LocalDate.now().minusDays(1))), 201, ServiceRequest.class);
        String planRef = "ServiceRequest/" + plan.getIdElement().getIdPart();
        EpisodeOfCare course = Courses.course(patient, planRef, "sul-140", "knae-menisk", null);
        course.setCareManager(new org.hl7.fhir.r4.model.Reference(t1));
        course = ok(http.json("EpisodeOfCare", course), 201, EpisodeOfCare.class);
        String courseRef = "EpisodeOfCare/" + course.getIdElement().getIdPart();
        OffsetDateTime day = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusHours(1);

        // first meeting: the initial assessment, which sets the plan's offered start; then the course starts
        Appointment first = ok(http.json("Appointment", Courses.session(courseRef, patient, "assessment", day, 60, null, t1)), 201, Appointment.class);
        assertThat(http.get(planRef).resource(ServiceRequest.class).getOccurrencePeriod().getStart()).isEqualTo(first.getStart());
        first.setStatus(AppointmentStatus.FULFILLED);
        put(first);
        course = http.get(courseRef).resource(EpisodeOfCare.class);
        course.setStatus(EpisodeOfCareStatus.ACTIVE);
        course.addExtension(new Extension(Canonical.EXT_COURSE_PACKAGE, new org.hl7.fhir.r4.model.CanonicalType(
                Canonical.PACKAGE_BASE + "knae-menisk-individuel|2024")));
        course = put(course);
        assertThat(usage(course, "package")).isEqualTo(8);

        // eight individual sessions: one cancelled by the citizen, one no-show
        Appointment[] s = new Appointment[8];
        for (int i = 0; i < 8; i++) {
            s[i] = ok(http.json("Appointment", Courses.session(courseRef, patient, "individual", day.plusDays(3L + 3 * i), 45, null, t1)),
                    201, Appointment.class);
        }
        for (int i = 0; i < 2; i++) {
            s[i].setStatus(AppointmentStatus.FULFILLED);
            put(s[i]);
        }
        Courses.cancel(s[2], "citizen-ill");
        put(s[2]);
        s[3].setStatus(AppointmentStatus.NOSHOW);
        put(s[3]);
        course = http.get(courseRef).resource(EpisodeOfCare.class);
        assertThat(((CodeType) course.getExtensionByUrl(Canonical.EXT_REASSESSMENT).getExtensionByUrl("reason").getValue()).getValue())
                .isEqualTo("noshow");
        assertThat(http.get("EpisodeOfCare?reassessment=true&patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr)
                .resource(Bundle.class).getTotal()).isEqualTo(1);
        assertThat(usage(course, "used")).isEqualTo(3);
        assertThat(usage(course, "booked")).isEqualTo(4);
        assertThat(usage(course, "cancelled")).isEqualTo(1);
        assertThat(usage(course, "remaining")).isEqualTo(1);

        // re-assessment; the cancelled place is booked again; then the package is used up
        Appointment reassessment = ok(http.json("Appointment", Courses.session(courseRef, patient, "assessment", day.plusDays(14).plusHours(2),
                45, null, t1)), 201, Appointment.class);
        reassessment.setStatus(AppointmentStatus.FULFILLED);
        put(reassessment);
        assertThat(http.get(courseRef).resource(EpisodeOfCare.class).getExtensionByUrl(Canonical.EXT_REASSESSMENT)).isNull();
        ok(http.json("Appointment", Courses.session(courseRef, patient, "individual", day.plusDays(30), 45, null, t1)), 201, Appointment.class);
        assertThat(http.get("EpisodeOfCare?package-used-up=true&patient=" + patient).resource(Bundle.class).getTotal()).isEqualTo(1);
        http.json("Appointment", Courses.session(courseRef, patient, "individual", day.plusDays(33), 45, null, t1))
                .assertError(422, "package-exhausted");

        // extra sessions granted by the responsible therapist
        course = http.get(courseRef).resource(EpisodeOfCare.class);
        Courses.grant(course, 2, t1, "Borgeren er ikke klar til at afslutte");
        course = put(course);
        assertThat(usage(course, "remaining")).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            Appointment extra = ok(http.json("Appointment", Courses.session(courseRef, patient, "individual", day.plusDays(33 + i), 45, null, t2)),
                    201, Appointment.class);
            extra.setStatus(AppointmentStatus.FULFILLED);
            put(extra);
        }
        http.json("Appointment", Courses.session(courseRef, patient, "individual", day.plusDays(40), 45, null, t1)).assertError(422, "package-exhausted");

        // finished, with KL's end reason; the history tells the story
        course = http.get(courseRef).resource(EpisodeOfCare.class);
        Courses.end(course, EpisodeOfCareStatus.FINISHED, Canonical.END_REASON_NO_NEED_PROFESSIONAL);
        course = put(course);
        assertThat(course.getStatusHistory()).extracting(h -> h.getStatus().toCode()).containsExactly("planned", "active", "finished");
        assertThat(course.getPeriod().hasEnd()).isTrue();
        assertThat(usage(course, "attended")).isEqualTo(4);
        assertThat(usage(course, "extra")).isEqualTo(2);
        http.json("Appointment", Courses.session(courseRef, patient, "individual", day.plusDays(41), 45, null, t1)).assertError(422, "course-closed");
        Bundle sessions = http.get("Appointment?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr + "&_count=5&_include=Appointment:patient")
                .resource(Bundle.class);
        assertThat(sessions.getTotal()).isEqualTo(13);
        assertThat(sessions.getLink("next")).isNotNull();
        assertThat(sessions.getEntry()).filteredOn(e -> e.getResource() instanceof Patient).hasSize(1);
    }

    @Test
    void plansNotContactedByTheDeadline() {
        ServiceRequest late = ok(http.json("ServiceRequest", Plans.plan(patient, hospital, LocalDate.now().minusDays(10))), 201, ServiceRequest.class);
        String id = late.getIdElement().getIdPart();
        String today = LocalDate.now(ZONE).toString();
        String worklist = "ServiceRequest?status=active&municipal-responsibility=true&contact-deadline=lt" + today + "&contacted=false";
        assertThat(ids(http.get(worklist + "&_count=200"))).contains(id);
        http.json("EpisodeOfCare", Courses.course(patient, "ServiceRequest/" + id, "sul-140", "hofte", null));
        assertThat(ids(http.get(worklist + "&_count=200"))).doesNotContain(id);
        assertThat(ids(http.get("ServiceRequest?contacted=true&_id=" + id))).containsExactly(id);
        http.get("ServiceRequest?contacted=maybe").assertError(400, "invalid-search-parameter");
    }

    @Test
    void plansPastTheStartDeadlineWithoutAFirstMeetingOffered() {
        ServiceRequest plan = Plans.plan(patient, hospital, LocalDate.now().minusDays(12));
        plan.setAuthoredOn(Date.from(OffsetDateTime.now().minusDays(11).toInstant()));
        String id = ok(http.json("ServiceRequest", plan), 201, ServiceRequest.class).getIdElement().getIdPart();
        String today = LocalDate.now(ZONE).toString();
        String worklist = "ServiceRequest?status=active&municipal-responsibility=true&start-deadline=lt" + today + "&occurrence:missing=true&_count=200";
        assertThat(ids(http.get(worklist))).contains(id);
        EpisodeOfCare course = ok(http.json("EpisodeOfCare", Courses.course(patient, "ServiceRequest/" + id, "sul-140", "hofte", null)),
                201, EpisodeOfCare.class);
        assertThat(ids(http.get(worklist))).as("a course alone is no meeting offered").contains(id);
        http.json("Appointment", Courses.session("EpisodeOfCare/" + course.getIdElement().getIdPart(), patient, "assessment",
                OffsetDateTime.now(ZoneOffset.UTC).plusDays(2), 60, null, t1));
        assertThat(ids(http.get(worklist))).doesNotContain(id);
    }

    @Test
    void todaysSessionsForATherapistOrATeamAndSearchesByStatusTypeAndDate() {
        EpisodeOfCare course = ok(http.json("EpisodeOfCare", Courses.course(patient, null, "sel-86-1", "knae", "knae-skade-hold")), 201,
                EpisodeOfCare.class);
        String courseRef = "EpisodeOfCare/" + course.getIdElement().getIdPart();
        OffsetDateTime now = OffsetDateTime.now(ZONE);
        OffsetDateTime todayStart = now.toLocalDate().atTime(now.getHour() < 22 ? now.getHour() + 1 : 23, 0).atZone(ZONE).toOffsetDateTime();
        ok(http.json("Appointment", Courses.session(courseRef, patient, "group", todayStart, 45, team, t1, t2)), 201, Appointment.class);
        ok(http.json("Appointment", Courses.session(courseRef, patient, "group", todayStart.plusDays(2), 45, team, t1, t2)), 201, Appointment.class);
        String today = now.toLocalDate().toString();

        Bundle mine = http.get("Appointment?practitioner=" + t2 + "&date=" + today + "&_include=Appointment:patient").resource(Bundle.class);
        assertThat(mine.getTotal()).isEqualTo(1);
        assertThat(mine.getEntry()).extracting(e -> e.getResource().fhirType()).containsExactlyInAnyOrder("Appointment", "Patient");
        assertThat(http.get("Appointment?actor=" + team + "&date=" + today).resource(Bundle.class).getTotal()).isEqualTo(1);
        assertThat(http.get("Appointment?team=" + team + "&date=ge" + today + "&_sort=-date").resource(Bundle.class).getTotal()).isEqualTo(2);
        Practitioner olsen = http.get(t2).resource(Practitioner.class);
        assertThat(http.get("Appointment?practitioner.identifier=" + Courses.STAFF + "|" + olsen.getIdentifierFirstRep().getValue())
                .resource(Bundle.class).getTotal()).isEqualTo(2);
        assertThat(http.get("Appointment?patient=" + patient + "&status=booked&appointment-type=group").resource(Bundle.class).getTotal())
                .isEqualTo(2);
        assertThat(http.get("Appointment?patient=" + patient + "&appointment-type=individual").resource(Bundle.class).getTotal()).isZero();
        assertThat(http.get("EpisodeOfCare?patient.identifier=" + cpr + "&type=knae&legal-basis=sel-86-1&status=planned"
                + "&package=" + Canonical.PACKAGE_BASE + "knae-skade-hold").resource(Bundle.class).getTotal()).isEqualTo(1);
        assertThat(http.get("EpisodeOfCare?patient=" + patient + "&type=" + Canonical.CS_DIAGNOSIS_GROUPS + "|hofte").resource(Bundle.class)
                .getTotal()).isZero();
        http.get("Appointment?actor=" + cpr).assertError(400, "invalid-search-parameter");
        http.get("Appointment?_include=Appointment:location").assertError(400, "invalid-search-parameter");
    }

    private static java.util.List<String> ids(Http.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.resource(Bundle.class).getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }
}
