package dk.rehab.adapter.course;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.AtOnce;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
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

/** Sessions (Appointment) and the rules of the catalogue and the quality standard, including concurrent bookings. */
abstract class SessionTests extends IntegrationTest {
    String t1;
    String t2;
    String hospital;
    final OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusDays(1);

    @BeforeEach
    void therapists() {
        t1 = "Practitioner/" + http.json("Practitioner", Courses.therapist("Hansen")).resource(Practitioner.class).getIdElement().getIdPart();
        t2 = "Practitioner/" + http.json("Practitioner", Courses.therapist("Olsen")).resource(Practitioner.class).getIdElement().getIdPart();
        hospital = "Organization/" + http.json("Organization", Plans.hospital(Plans.uniqueSor(), null)).resource(Organization.class)
                .getIdElement().getIdPart();
    }

    String citizen() {
        return "Patient/" + http.json("Patient", Plans.patient(Plans.newCpr())).resource(Patient.class).getIdElement().getIdPart();
    }

    /** A direct-referral course (no plan) of {@code group} with package {@code pkg}; returns the EpisodeOfCare. */
    EpisodeOfCare directCourse(String patient, String group, String pkg) {
        Http.Response created = http.json("EpisodeOfCare", Courses.course(patient, null, "sel-86-1", group, pkg));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.resource(EpisodeOfCare.class);
    }

    static String ref(EpisodeOfCare course) {
        return "EpisodeOfCare/" + course.getIdElement().getIdPart();
    }

    Http.Response book(EpisodeOfCare course, String type, OffsetDateTime start, String team, String... therapists) {
        return http.json("Appointment", Courses.session(ref(course), course.getPatient().getReference(), type, start,
                type.equals("check-in") ? 30 : 45, team, therapists));
    }

    Appointment booked(EpisodeOfCare course, String type, OffsetDateTime start, String team, String... therapists) {
        Http.Response response = book(course, type, start, team, therapists);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.resource(Appointment.class);
    }

    Http.Response put(Appointment a) {
        return http.update("Appointment/" + a.getIdElement().getIdPart(), a);
    }

    Http.Response put(EpisodeOfCare c) {
        return http.update("EpisodeOfCare/" + c.getIdElement().getIdPart(), c);
    }

    Appointment record(Appointment a, Appointment.AppointmentStatus status) {
        a.setStatus(status);
        Http.Response response = put(a);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.resource(Appointment.class);
    }

    EpisodeOfCare read(EpisodeOfCare course) {
        return http.get(ref(course)).resource(EpisodeOfCare.class);
    }

    static int usage(EpisodeOfCare course, String what) {
        Extension e = course.getExtensionByUrl(Canonical.EXT_SESSION_USAGE).getExtensionByUrl(what);
        return e == null ? -1 : ((IntegerType) e.getValue()).getValue();
    }

    static String reassessment(EpisodeOfCare course) {
        Extension mark = course.getExtensionByUrl(Canonical.EXT_REASSESSMENT);
        return mark == null ? null : ((CodeType) mark.getExtensionByUrl("reason").getValue()).getValue();
    }

    @Test
    void thePackageLimitsBookingsUntilExtraSessionsAreGranted() {
        EpisodeOfCare course = directCourse(citizen(), "knae-slidgigt", "knae-slidgigt-tjektider");
        booked(course, "assessment", base, null, t1);
        for (int i = 1; i <= 5; i++) {
            booked(course, "check-in", base.plusWeeks(3L * i), null, t1);
        }
        EpisodeOfCare full = read(course);
        assertThat(usage(full, "package")).isEqualTo(5);
        assertThat(usage(full, "booked")).isEqualTo(5);
        assertThat(usage(full, "remaining")).isZero();

        var outcome = book(course, "check-in", base.plusWeeks(20), null, t1).assertError(422, "package-exhausted");
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("Knæ, Slidgigt (GLA:D-træning): tjek-tider")
                .contains(Canonical.PACKAGE_BASE + "knae-slidgigt-tjektider");
        assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).contains(Canonical.EXT_COURSE);
        book(course, "individual", base.plusWeeks(20), null, t1).assertError(422, "package-exhausted");
        assertThat(http.get("Appointment?course=" + ref(course)).resource(Bundle.class).getTotal()).isEqualTo(6);

        EpisodeOfCare current = read(course);
        Courses.grant(current, 1, t1, "Borgeren har brug for én justering mere");
        assertThat(put(current).status()).isEqualTo(200);
        booked(course, "check-in", base.plusWeeks(20), null, t1);
        book(course, "check-in", base.plusWeeks(23), null, t1).assertError(422, "package-exhausted");
        EpisodeOfCare after = read(course);
        assertThat(usage(after, "extra")).isEqualTo(1);
        assertThat(usage(after, "remaining")).isZero();
        assertThat(http.get("EpisodeOfCare?package-used-up=true&_id=" + course.getIdElement().getIdPart()).resource(Bundle.class).getTotal())
                .isEqualTo(1);
    }

    @Test
    void aCancelledSessionGivesItsPlaceBackAndCountsAsCancelled() {
        EpisodeOfCare course = directCourse(citizen(), "knae-slidgigt", "knae-slidgigt-tjektider");
        List<Appointment> sessions = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sessions.add(booked(course, "check-in", base.plusWeeks(i), null, t1));
        }
        Appointment first = sessions.get(0);
        Courses.cancel(first, "citizen-ill");
        Http.Response cancelled = put(first);
        assertThat(cancelled.status()).isEqualTo(200);
        first.getMeta().setVersionId(cancelled.resource(Appointment.class).getMeta().getVersionId());
        EpisodeOfCare after = read(course);
        assertThat(usage(after, "cancelled")).isEqualTo(1);
        assertThat(usage(after, "remaining")).isEqualTo(1);
        booked(course, "check-in", base.plusWeeks(6), null, t1);

        first.setStatus(Appointment.AppointmentStatus.BOOKED);
        first.setCancelationReason(null);
        put(first).assertError(422, "invalid-transition");
        Appointment noReason = sessions.get(1);
        noReason.setStatus(Appointment.AppointmentStatus.CANCELLED);
        put(noReason).assertError(422, "required-element-missing");
        Courses.cancel(noReason, "weather");
        put(noReason).assertError(422, "unknown-code");
    }

    @Test
    void aTeamSessionHasItsCapacityAndTwoTherapists() {
        String team = "HealthcareService/" + http.json("HealthcareService", Courses.team("Styrkehold tirsdag", 6)).resource(HealthcareService.class)
                .getIdElement().getIdPart();
        OffsetDateTime tuesday = base.plusDays(3).withHour(9);
        List<Appointment> places = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            places.add(booked(directCourse(citizen(), "geriatri", "geriatri-styrkehold"), "group", tuesday, team, t1, t2));
        }
        EpisodeOfCare seventh = directCourse(citizen(), "geriatri", "geriatri-styrkehold");
        book(seventh, "group", tuesday, team, t1, t2).assertError(422, "team-full");
        book(seventh, "group", tuesday, team, t1).assertError(422, "invalid-value");
        book(seventh, "group", tuesday, null, t1, t2).assertError(422, "required-element-missing");

        Courses.cancel(places.get(0), "citizen-other");
        assertThat(put(places.get(0)).status()).isEqualTo(200);
        booked(seventh, "group", tuesday, team, t1, t2);

        record(places.get(1), Appointment.AppointmentStatus.FULFILLED);
        record(places.get(2), Appointment.AppointmentStatus.NOSHOW);
        Bundle today = http.get("Appointment?actor=" + team + "&date=" + tuesday.toLocalDate()).resource(Bundle.class);
        assertThat(today.getTotal()).isEqualTo(7);
        assertThat(today.getEntry()).extracting(e -> ((Appointment) e.getResource()).getStatus().toCode())
                .contains("fulfilled", "noshow", "cancelled", "booked");
        assertThat(http.get("HealthcareService/x").status()).isEqualTo(404);
        HealthcareService tooBig = Courses.team("Bassinhold", 12);
        http.json("HealthcareService", tooBig).assertError(422, "invalid-value");
    }

    @Test
    void aNoShowOrRepeatedCancellationsMarkTheCourseForReassessment() {
        EpisodeOfCare course = directCourse(citizen(), "geriatri", "geriatri-individuel");
        Appointment s1 = booked(course, "individual", base, null, t1);
        assertThat(reassessment(read(course))).isNull();
        record(s1, Appointment.AppointmentStatus.NOSHOW);
        EpisodeOfCare marked = read(course);
        assertThat(reassessment(marked)).isEqualTo("noshow");
        assertThat(http.get("EpisodeOfCare?reassessment=true&_id=" + course.getIdElement().getIdPart()).resource(Bundle.class).getTotal())
                .isEqualTo(1);
        assertThat(usage(marked, "used")).isEqualTo(1);
        assertThat(usage(marked, "noshow")).isEqualTo(1);

        Appointment reassess = booked(course, "assessment", base.plusDays(2), null, t1);
        record(reassess, Appointment.AppointmentStatus.FULFILLED);
        assertThat(reassessment(read(course))).isNull();
        assertThat(http.get("EpisodeOfCare?reassessment=false&_id=" + course.getIdElement().getIdPart()).resource(Bundle.class).getTotal())
                .isEqualTo(1);

        for (int i = 0; i < 3; i++) {
            Appointment a = booked(course, "individual", base.plusDays(5 + i), null, t1);
            Courses.cancel(a, i == 0 ? "centre" : "citizen-ill");
            assertThat(put(a).status()).isEqualTo(200);
        }
        assertThat(reassessment(read(course))).as("a centre cancellation does not count").isNull();
        Appointment third = booked(course, "individual", base.plusDays(9), null, t1);
        Courses.cancel(third, "citizen-other");
        assertThat(put(third).status()).isEqualTo(200);
        assertThat(reassessment(read(course))).isEqualTo("cancellations");
    }

    @Test
    void theFirstMeetingSetsThePlanOfferedStartAndFreeChoiceMustBeRecordedWhenLate() {
        String patient = citizen();
        ServiceRequest plan = http.json("ServiceRequest", Plans.plan(patient, hospital, LocalDate.now().minusDays(1))).resource(ServiceRequest.class);
        String planRef = "ServiceRequest/" + plan.getIdElement().getIdPart();
        EpisodeOfCare course = http.json("EpisodeOfCare", Courses.course(patient, planRef, "sul-140", "knae-menisk", "knae-menisk-hold"))
                .resource(EpisodeOfCare.class);
        OffsetDateTime late = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusDays(12);
        Appointment first = booked(course, "assessment", late, null, t1);
        assertThat(first.getBasedOnFirstRep().getReference()).isEqualTo(planRef);
        booked(course, "assessment", late.plusDays(1), null, t1);
        ServiceRequest offered = http.get(planRef).resource(ServiceRequest.class);
        assertThat(offered.getOccurrencePeriod().getStart()).isEqualTo(first.getStart());
        assertThat(http.get("ServiceRequest?occurrence=" + late.atZoneSameInstant(java.time.ZoneId.of("Europe/Copenhagen")).toLocalDate()
                + "&_id=" + plan.getIdElement().getIdPart()).resource(Bundle.class).getTotal()).isEqualTo(1);

        EpisodeOfCare current = read(course);
        current.setStatus(EpisodeOfCareStatus.ACTIVE);
        var refused = put(current).assertError(422, "free-choice-offer-missing");
        assertThat(refused.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("EpisodeOfCare.status");

        offered.addExtension(new Extension(Canonical.EXT_STATUS_REASON,
                new CodeableConcept(new Coding(Canonical.CS_CARE_SOCIAL, Canonical.STATUS_REASON_FRIT_VALG_AFSLAAET, "Frit valg afslået"))));
        Http.Response planUpdated = http.update(planRef, offered);
        assertThat(planUpdated.status()).as(planUpdated.text()).isEqualTo(200);
        Http.Response started = put(current);
        assertThat(started.status()).as(started.text()).isEqualTo(200);
        assertThat(started.resource(EpisodeOfCare.class).getStatus()).isEqualTo(EpisodeOfCareStatus.ACTIVE);
    }

    @Test
    void aTimelyFirstMeetingNeedsNoFreeChoiceOffer() {
        String patient = citizen();
        ServiceRequest plan = http.json("ServiceRequest", Plans.plan(patient, hospital, LocalDate.now().minusDays(1))).resource(ServiceRequest.class);
        EpisodeOfCare course = http.json("EpisodeOfCare", Courses.course(patient, "ServiceRequest/" + plan.getIdElement().getIdPart(),
                "sul-140", "knae", null)).resource(EpisodeOfCare.class);
        record(booked(course, "assessment", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusHours(2), null, t1),
                Appointment.AppointmentStatus.FULFILLED);
        EpisodeOfCare current = read(course);
        current.setStatus(EpisodeOfCareStatus.ACTIVE);
        assertThat(put(current).status()).isEqualTo(200);
    }

    @Test
    void nothingIsBookedOnAClosedCourseAndBadSessionsNameTheElement() {
        String patient = citizen();
        EpisodeOfCare course = directCourse(patient, "skulder", null);
        Appointment noCourse = Courses.session(ref(course), patient, "individual", base, 45, null, t1);
        noCourse.getExtension().removeIf(e -> e.getUrl().equals(Canonical.EXT_COURSE));
        http.json("Appointment", noCourse).assertError(422, "required-element-missing");
        Appointment otherCitizen = Courses.session(ref(course), citizen(), "individual", base, 45, null, t1);
        http.json("Appointment", otherCitizen).assertError(422, "invalid-reference");
        Appointment badType = Courses.session(ref(course), patient, "yoga", base, 45, null, t1);
        var outcome = http.json("Appointment", badType).assertError(422, "unknown-code");
        assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("Appointment.appointmentType");
        Appointment proposed = Courses.session(ref(course), patient, "individual", base, 45, null, t1);
        proposed.setStatus(Appointment.AppointmentStatus.PROPOSED);
        http.json("Appointment", proposed).assertError(422, "invalid-value");
        String minutes = fhir.newJsonParser().encodeResourceToString(Courses.session(ref(course), patient, "individual", base, 45, null, t1))
                .replaceFirst("\"start\":\"([0-9-]+T[0-9]+:[0-9]+):00(Z|\\+00:00)\"", "\"start\":\"$1+00:00\"");
        assertThat(minutes).containsPattern("\"start\":\"[0-9-]+T[0-9]+:[0-9]+\\+00:00\"");
        var minutePrecision = http.post("Appointment", "application/fhir+json", minutes).assertError(422, "invalid-value");
        assertThat(minutePrecision.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("Appointment.start");
        assertThat(http.get("Appointment?course=" + ref(course)).resource(Bundle.class).getTotal()).isZero();

        Appointment attended = record(booked(course, "individual", base, null, t1), Appointment.AppointmentStatus.FULFILLED);
        attended.setStatus(Appointment.AppointmentStatus.NOSHOW);
        put(attended).assertError(422, "invalid-transition");

        Courses.end(course, EpisodeOfCareStatus.CANCELLED, Canonical.END_REASON_NO_CONTACT);
        assertThat(put(course).status()).isEqualTo(200);
        book(course, "individual", base.plusDays(1), null, t1).assertError(422, "course-closed");
    }

    @Test
    void concurrentBookingsOfTheLastPackageSessionDoNotBothSucceed() throws Exception {
        EpisodeOfCare course = directCourse(citizen(), "knae-slidgigt", "knae-slidgigt-tjektider");
        for (int i = 1; i <= 4; i++) {
            booked(course, "check-in", base.plusWeeks(i), null, t1);
        }
        List<Integer> statuses = AtOnce.run(8, i -> book(course, "check-in", base.plusWeeks(10 + i), null, t1).status());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(7);
        assertThat(usage(read(course), "booked")).isEqualTo(5);
    }

    @Test
    void concurrentBookingsOfTheLastTeamPlaceDoNotBothSucceed() throws Exception {
        String team = "HealthcareService/" + http.json("HealthcareService", Courses.team("Balancehold", 6)).resource(HealthcareService.class)
                .getIdElement().getIdPart();
        OffsetDateTime thursday = base.plusDays(4).withHour(10);
        for (int i = 0; i < 5; i++) {
            booked(directCourse(citizen(), "geriatri", "geriatri-balancehold"), "group", thursday, team, t1, t2);
        }
        List<EpisodeOfCare> waiting = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waiting.add(directCourse(citizen(), "geriatri", "geriatri-balancehold"));
        }
        List<Integer> statuses = AtOnce.run(6, i -> book(waiting.get(i), "group", thursday, team, t1, t2).status());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(5);
        assertThat(http.get("Appointment?team=" + team + "&status=booked").resource(Bundle.class).getTotal()).isEqualTo(6);
    }
}
