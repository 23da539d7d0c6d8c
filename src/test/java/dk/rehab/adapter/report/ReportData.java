package dk.rehab.adapter.report;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.FunctionalStatus;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Plans;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The annual report's test data, made through the FHIR API: plans received in 2019 (and at its edges) with known types,
 * levels and hospitals; courses started, finished and cancelled with known packages, teams and end reasons; sessions with
 * known outcomes; FSIII assessments at start and end. {@link AnnualReportTests} states what each table must count.
 */
final class ReportData {
    static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    private final Http http;
    final String hospital1;
    final String hospital2;
    final String team;
    final String therapist;
    final String therapist2;
    final Map<String, String> plans = new HashMap<>();

    ReportData(Http http) {
        this.http = http;
        hospital1 = id(http.json("Organization", named(Plans.hospital(Plans.uniqueSor(), null), "Hvidovre Hospital")), Organization.class);
        hospital2 = id(http.json("Organization", named(Plans.hospital(Plans.uniqueSor(), null), "Glostrup Hospital")), Organization.class);
        team = id(http.json("HealthcareService", Courses.team("Styrkehold tirsdag", 8)), HealthcareService.class);
        therapist = id(http.json("Practitioner", Courses.therapist("Hansen")), Practitioner.class);
        therapist2 = id(http.json("Practitioner", Courses.therapist("Olsen")), Practitioner.class);
    }

    private static Organization named(Organization org, String name) {
        return org.setName(name);
    }

    static <T extends Resource> String id(Http.Response response, Class<T> type) {
        assertThat(response.status()).as(response.text()).isIn(200, 201);
        return response.resource(type).getIdElement().getIdPart();
    }

    String patient() {
        return id(http.json("Patient", Plans.patient(Plans.newCpr())), Patient.class);
    }

    /** A plan received at {@code received} (local time), discharged the day before, of {@code type} (and level). */
    String plan(String name, String patient, String hospital, LocalDateTime received, String type, String level) {
        ServiceRequest plan = Plans.plan("Patient/" + patient, "Organization/" + hospital, received.toLocalDate().minusDays(1));
        plan.getCategory().clear();
        plan.addCategory(Plans.planType(type));
        if (level != null) {
            plan.addCategory(Plans.planType(level));
        }
        plan.setAuthoredOn(Date.from(received.atZone(ZONE).toInstant()));
        String id = id(http.json("ServiceRequest", plan), ServiceRequest.class);
        plans.put(name, id);
        return id;
    }

    String course(String patient, String plan, String legalBasis, String group) {
        return id(http.json("EpisodeOfCare", Courses.course("Patient/" + patient, plan == null ? null : "ServiceRequest/" + plan,
                legalBasis, group, null)), EpisodeOfCare.class);
    }

    /** Starts the course on {@code start} with {@code pkg} (a catalogue id, or null). */
    void start(String course, LocalDate start, String pkg) {
        EpisodeOfCare c = http.get("EpisodeOfCare/" + course).resource(EpisodeOfCare.class);
        c.setStatus(EpisodeOfCareStatus.ACTIVE);
        c.getPeriod().setStart(at(start));
        if (pkg != null) {
            c.addExtension(new Extension(Canonical.EXT_COURSE_PACKAGE, new CanonicalType(Canonical.PACKAGE_BASE + pkg + "|2024")));
        }
        ok(http.update("EpisodeOfCare/" + course, c));
    }

    void end(String course, EpisodeOfCareStatus status, LocalDate end, String reason) {
        EpisodeOfCare c = http.get("EpisodeOfCare/" + course).resource(EpisodeOfCare.class);
        Courses.end(c, status, reason);
        c.getPeriod().setEnd(at(end));
        ok(http.update("EpisodeOfCare/" + course, c));
    }

    /** A session on {@code day} at 09:00 UTC with outcome {@code status} (a cancellation reason for cancelled; null: stays booked). */
    void session(String course, String patient, String type, LocalDate day, AppointmentStatus status, String reason, boolean onTeam) {
        session(course, patient, type, day, 45, onTeam ? team : null, status, reason);
    }

    /** A session on {@code day} at 09:00 UTC of {@code minutes}, on {@code teamId}'s team (null: individual), with outcome {@code status}. */
    void session(String course, String patient, String type, LocalDate day, int minutes, String teamId, AppointmentStatus status, String reason) {
        OffsetDateTime start = day.atTime(9, 0).atOffset(ZoneOffset.UTC);
        Appointment a = teamId != null
                ? Courses.session("EpisodeOfCare/" + course, "Patient/" + patient, type, start, minutes, "HealthcareService/" + teamId,
                        "Practitioner/" + therapist, "Practitioner/" + therapist2)
                : Courses.session("EpisodeOfCare/" + course, "Patient/" + patient, type, start, minutes, null, "Practitioner/" + therapist);
        Http.Response booked = http.json("Appointment", a);
        assertThat(booked.status()).as(booked.text()).isEqualTo(201);
        if (status == null) {
            return;
        }
        Appointment stored = booked.resource(Appointment.class);
        if (status == AppointmentStatus.CANCELLED) {
            Courses.cancel(stored, reason);
        } else {
            stored.setStatus(status);
        }
        ok(http.update("Appointment/" + stored.getIdElement().getIdPart(), stored));
    }

    /** A booked group session on {@code day} at 09:00 UTC on {@code teamId}'s team; its id. */
    String bookedOnTeam(String course, String patient, LocalDate day, String teamId) {
        Appointment a = Courses.session("EpisodeOfCare/" + course, "Patient/" + patient, "group", day.atTime(9, 0).atOffset(ZoneOffset.UTC),
                45, "HealthcareService/" + teamId, "Practitioner/" + therapist, "Practitioner/" + therapist2);
        Http.Response booked = http.json("Appointment", a);
        assertThat(booked.status()).as(booked.text()).isEqualTo(201);
        return booked.resource(Appointment.class).getIdElement().getIdPart();
    }

    /** Moves booked session {@code id} to {@code teamId}'s team (an update of its HealthcareService participant). */
    void moveToTeam(String id, String teamId) {
        Appointment a = http.get("Appointment/" + id).resource(Appointment.class);
        a.getParticipant().stream().filter(p -> p.getActor().getReference().startsWith("HealthcareService/")).findFirst().orElseThrow()
                .setActor(new org.hl7.fhir.r4.model.Reference("HealthcareService/" + teamId));
        ok(http.update("Appointment/" + id, a));
    }

    /** Moves session {@code id} (its status kept) to {@code day} at 09:00 UTC, its length kept. */
    void moveSession(String id, LocalDate day) {
        Appointment a = http.get("Appointment/" + id).resource(Appointment.class);
        long minutes = (a.getEnd().getTime() - a.getStart().getTime()) / 60000;
        a.setStart(at(day.atTime(9, 0).atOffset(ZoneOffset.UTC)));
        a.setEnd(at(day.atTime(9, 0).atOffset(ZoneOffset.UTC).plusMinutes(minutes)));
        a.setMinutesDurationElement(null);
        ok(http.update("Appointment/" + id, a));
    }

    private static Date at(OffsetDateTime time) {
        return Date.from(time.toInstant());
    }

    /** The ids of the course's sessions, oldest start first. */
    java.util.List<String> sessionsOf(String course) {
        org.hl7.fhir.r4.model.Bundle found = http.get("Appointment?course=EpisodeOfCare/" + course + "&_sort=date").resource(org.hl7.fhir.r4.model.Bundle.class);
        return found.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    void assessment(String patient, String course, String area, int level, String phase, LocalDate day) {
        Http.Response r = http.json("Observation", FunctionalStatus.observation(patient, course, therapist, area, level, phase,
                day.atTime(12, 0).atOffset(ZoneOffset.UTC)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    private static void ok(Http.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    static Date at(LocalDate day) {
        return Date.from(day.atTime(10, 0).atZone(ZONE).toInstant());
    }
}
