package dk.rehab.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.fhir.Canonical;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The adapter started for the contact and reminder tests: its own database, a real FHIR server standing in for the
 * citizen's digital post ({@code adapter.digital-post.endpoint}), a fast outbox, and a {@link MovableClock}; with the
 * citizens, plans, courses, the centre and sessions those tests need, made through the FHIR API.
 */
public final class ContactWorld implements AutoCloseable {
    public static final String CENTRE_PHONE = "43 57 75 00";

    public final FhirReceiver digitalPost;
    public final ConfigurableApplicationContext app;
    public final Http http;
    public final MovableClock clock;
    public final String hospitalSor = Plans.uniqueSor();
    public final String centre;
    public final String therapist;
    public final String therapist2;

    public ContactWorld(Map<String, Object> database, Map<String, Object> extra) {
        digitalPost = new FhirReceiver(FhirContext.forR4Cached());
        Map<String, Object> properties = new HashMap<>(database);
        properties.put("server.port", "0");
        properties.put("adapter.delivery.poll-interval", "200ms");
        properties.put("adapter.delivery.initial-backoff", "300ms");
        properties.put("adapter.delivery.max-backoff", "1s");
        properties.put("adapter.delivery.timeout", "1500ms");
        properties.put("adapter.delivery.connect-timeout", "500ms");
        properties.put("adapter.delivery.lease", "4s");
        properties.put("adapter.delivery.max-attempts", "4");
        properties.put("adapter.digital-post.endpoint", digitalPost.base());
        properties.put("adapter.reminders.enabled", "false");
        properties.putAll(extra);
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        app = new SpringApplicationBuilder(RehabAdapterApplication.class, MovableClockConfig.class).run(args);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        http = new Http(app.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
        clock = app.getBean(MovableClock.class);
        Organization o = new Organization();
        o.addIdentifier().setSystem(Canonical.SYSTEM_SOR).setValue(Plans.uniqueSor());
        o.setName("Ishøj Kommune, Sundhedscenter Genoptræning");
        o.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(CENTRE_PHONE);
        o.addAddress(new Address().addLine("Vejledalen 17").setPostalCode("2635").setCity("Ishøj"));
        centre = "Organization/" + created("Organization", o).getIdElement().getIdPart();
        therapist = "Practitioner/" + created("Practitioner", Courses.therapist("Hansen")).getIdElement().getIdPart();
        therapist2 = "Practitioner/" + created("Practitioner", Courses.therapist("Olsen")).getIdElement().getIdPart();
    }

    private <T extends org.hl7.fhir.r4.model.Resource> T created(String type, T resource) {
        Http.Response r = http.json(type, resource);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        T stored = (T) r.resource(resource.getClass());
        return stored;
    }

    /** A citizen's plan (discharged {@code discharge}) from the test hospital; returns {patientRef, planRef}. */
    public String[] plan(LocalDate discharge) {
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(hospitalSor, null), discharge);
        Http.Response stored = http.json("", tx);
        assertThat(stored.status()).as(stored.text()).isEqualTo(200);
        Bundle answer = stored.resource(Bundle.class);
        String patient = "Patient/" + answer.getEntry().get(0).getResponse().getLocation().split("/")[1];
        String plan = "ServiceRequest/" + answer.getEntry().get(3).getResponse().getLocation().split("/")[1];
        return new String[] {patient, plan};
    }

    /** A planned sul-140 course for the plan, managed by the centre. */
    public EpisodeOfCare course(String patient, String plan) {
        EpisodeOfCare course = Courses.course(patient, plan, "sul-140", "geriatri", null);
        course.setManagingOrganization(new Reference(centre));
        course.setCareManager(new Reference(therapist));
        return created("EpisodeOfCare", course);
    }

    public String team(String name) {
        return "HealthcareService/" + created("HealthcareService", Courses.team(name, 8)).getIdElement().getIdPart();
    }

    /** A booked session of the course: individual or assessment with the therapist, group with the team and both therapists. */
    public Appointment book(EpisodeOfCare course, String type, OffsetDateTime start, String team) {
        String ref = "EpisodeOfCare/" + course.getIdElement().getIdPart();
        Appointment a = team == null ? Courses.session(ref, course.getPatient().getReference(), type, start, 45, null, therapist)
                : Courses.session(ref, course.getPatient().getReference(), type, start, 45, team, therapist, therapist2);
        return created("Appointment", a);
    }

    /** Records the session's new state (status, time) with an update. */
    public Appointment update(Appointment a) {
        Http.Response r = http.update("Appointment/" + a.getIdElement().getIdPart(), a);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.resource(Appointment.class);
    }

    public List<Task> tasks(String communicationId) {
        return http.get("Task?focus=Communication/" + communicationId).resource(Bundle.class).getEntry().stream()
                .map(e -> (Task) e.getResource()).toList();
    }

    /** Waits (up to 20 s) until the Communication's Task is in {@code state}; returns it. */
    public Task awaitTask(String communicationId, String state) {
        long until = System.currentTimeMillis() + 20_000;
        Predicate<List<Task>> done = t -> t.size() == 1 && state.equals(t.get(0).getBusinessStatus().getCodingFirstRep().getCode());
        List<Task> tasks = tasks(communicationId);
        while (!done.test(tasks) && System.currentTimeMillis() < until) {
            sleep(150);
            tasks = tasks(communicationId);
        }
        assertThat(done.test(tasks)).as("tasks of Communication/%s: %s", communicationId, tasks.stream()
                .map(t -> t.getBusinessStatus().getCodingFirstRep().getCode() + " " + t.getStatusReason().getText()).toList()).isTrue();
        return tasks.get(0);
    }

    /** The Communications the digital-post server holds with the adapter's identifier {@code communicationId}. */
    public long received(String communicationId) {
        return digitalPost.communications().stream().filter(c -> c.getIdentifier().stream()
                .anyMatch(i -> Canonical.SYSTEM_COMMUNICATION.equals(i.getSystem()) && communicationId.equals(i.getValue()))).count();
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        app.close();
        digitalPost.close();
    }
}
