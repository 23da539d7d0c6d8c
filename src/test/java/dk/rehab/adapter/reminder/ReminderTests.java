package dk.rehab.adapter.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.support.ContactWorld;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.TestTokens;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reminders before sessions (issue 13 item 3) with the clock moved instead of waiting: sent the day before at 16:00
 * Danish time (the default), never for a cancelled, held or past session, exactly once even when the session is moved
 * (moved before: the new time only; moved after: one more for the new time, never two for the same time), not twice
 * when two planners run at once, superseded when the session is cancelled before delivery; and Appointment/$statistics
 * with exact counts on a small known set of sessions, its 400s, and who may call it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReminderTests {
    private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

    protected abstract Map<String, Object> database(String name);

    private ContactWorld world;
    private Http http;
    private ReminderPlanner planner;

    @BeforeAll
    void start() {
        world = new ContactWorld(database("it_reminder_" + ContactWorld.unique()), Map.of());
        http = world.http;
        planner = world.app.getBean(ReminderPlanner.class);
    }

    @AfterAll
    void stop() {
        if (world != null) {
            world.clock.reset();
            world.close();
        }
    }

    private static ZonedDateTime at(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(CPH);
    }

    private void clock(ZonedDateTime time) {
        world.clock.set(time.toInstant());
    }

    private EpisodeOfCare course() {
        String[] citizen = world.plan(LocalDate.now(CPH).minusDays(2));
        return world.course(citizen[0], citizen[1]);
    }

    private Appointment book(EpisodeOfCare course, ZonedDateTime start) {
        return world.book(course, "individual", start.toOffsetDateTime(), null);
    }

    private List<Communication> reminders(Appointment session) {
        return http.get("Communication?category=reminder&about=Appointment/" + session.getIdElement().getIdPart()).resource(Bundle.class)
                .getEntry().stream().map(e -> (Communication) e.getResource()).toList();
    }

    private static String text(Communication reminder) {
        return reminder.getPayloadFirstRep().getContentStringType().getValue();
    }

    private Appointment move(Appointment session, ZonedDateTime start) {
        Appointment current = http.get("Appointment/" + session.getIdElement().getIdPart()).resource(Appointment.class);
        current.setStartElement(new InstantType(Date.from(start.toInstant())));
        current.setEndElement(new InstantType(Date.from(start.plusMinutes(45).toInstant())));
        current.setMinutesDuration(45);
        return world.update(current);
    }

    private Appointment record(Appointment session, Appointment.AppointmentStatus status, String reason) {
        Appointment current = http.get("Appointment/" + session.getIdElement().getIdPart()).resource(Appointment.class);
        if (reason != null) {
            Courses.cancel(current, reason);
        } else {
            current.setStatus(status);
        }
        return world.update(current);
    }

    @Test
    void aSessionIsRemindedTheDayBeforeAt16OnceAndThroughDigitalPost() {
        Appointment session = book(course(), at(2027, 3, 10, 10, 0));
        clock(at(2027, 3, 9, 15, 59));
        planner.runOnce();
        assertThat(reminders(session)).isEmpty();

        clock(at(2027, 3, 9, 16, 0));
        planner.runOnce();
        planner.runOnce();
        List<Communication> sent = reminders(session);
        assertThat(sent).hasSize(1);
        Communication reminder = sent.get(0);
        assertThat(reminder.getMediumFirstRep().getCodingFirstRep().getCode()).isEqualTo("digital-post");
        assertThat(reminder.getSent().toInstant()).isBetween(at(2027, 3, 9, 16, 0).toInstant(), at(2027, 3, 9, 16, 5).toInstant());
        assertThat(text(reminder)).contains("onsdag den 10. marts 2027 kl. 10.00").contains("mellem kl. 8 og 9")
                .contains("senest kl. 12 dagen før").contains(ContactWorld.CENTRE_PHONE);
        String id = reminder.getIdElement().getIdPart();
        world.awaitTask(id, "delivered");
        assertThat(world.received(id)).isEqualTo(1);

        clock(at(2027, 3, 10, 8, 0));
        planner.runOnce();
        assertThat(reminders(session)).hasSize(1);
    }

    @Test
    void cancelledHeldAndPastSessionsAreNotReminded() {
        EpisodeOfCare course = course();
        Appointment cancelled = record(book(course, at(2027, 4, 14, 10, 0)), null, "citizen-ill");
        Appointment held = record(book(course, at(2027, 4, 14, 13, 0)), Appointment.AppointmentStatus.FULFILLED, null);
        Appointment missed = record(book(course, at(2027, 4, 14, 15, 0)), Appointment.AppointmentStatus.NOSHOW, null);
        Appointment past = book(course, at(2027, 4, 15, 9, 0));
        // the planner first looks after the session had begun (the adapter was down over the reminder time)
        clock(at(2027, 4, 15, 9, 30));
        planner.runOnce();
        clock(at(2027, 4, 13, 16, 0));
        Appointment control = book(course, at(2027, 4, 14, 17, 0));
        planner.runOnce();
        assertThat(reminders(cancelled)).isEmpty();
        assertThat(reminders(held)).isEmpty();
        assertThat(reminders(missed)).isEmpty();
        assertThat(reminders(control)).hasSize(1);
        clock(at(2027, 4, 16, 9, 0));
        planner.runOnce();
        assertThat(reminders(past)).isEmpty();
    }

    @Test
    void aSessionMovedBeforeItsReminderIsRemindedOfTheNewTimeOnly() {
        Appointment session = book(course(), at(2027, 5, 12, 10, 0));
        clock(at(2027, 5, 10, 12, 0));
        move(session, at(2027, 5, 14, 10, 0));
        clock(at(2027, 5, 11, 16, 0));
        planner.runOnce();
        assertThat(reminders(session)).isEmpty();
        clock(at(2027, 5, 13, 16, 0));
        planner.runOnce();
        List<Communication> sent = reminders(session);
        assertThat(sent).hasSize(1);
        assertThat(text(sent.get(0))).contains("fredag den 14. maj 2027 kl. 10.00");
    }

    @Test
    void aSessionMovedAfterItsReminderGetsOneForTheNewTimeAndNeverTwoForOneTime() {
        Appointment session = book(course(), at(2027, 6, 9, 10, 0));
        clock(at(2027, 6, 8, 16, 0));
        planner.runOnce();
        assertThat(reminders(session)).hasSize(1);
        String first = reminders(session).get(0).getIdElement().getIdPart();
        world.awaitTask(first, "delivered");

        clock(at(2027, 6, 8, 17, 0));
        move(session, at(2027, 6, 9, 14, 0));
        planner.runOnce();
        List<Communication> sent = reminders(session);
        assertThat(sent).hasSize(2);
        assertThat(sent.stream().map(ReminderTests::text).filter(t -> t.contains("kl. 14.00"))).hasSize(1);

        move(session, at(2027, 6, 9, 10, 0)); // back to the time already reminded of
        planner.runOnce();
        planner.runOnce();
        assertThat(reminders(session)).hasSize(2);
        assertThat(reminders(session).stream().map(ReminderTests::text).filter(t -> t.contains("kl. 10.00"))).hasSize(1);
    }

    @Test
    void twoPlannersAtOnceSendOneReminder() throws Exception {
        Appointment session = book(course(), at(2027, 7, 14, 10, 0));
        clock(at(2027, 7, 13, 16, 0));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    runs.add(pool.submit(() -> {
                        go.await();
                        return planner.runOnce();
                    }));
                }
                go.countDown();
                for (Future<Integer> run : runs) {
                    run.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<Communication> sent = reminders(session);
        assertThat(sent).hasSize(1);
        JdbcTemplate jdbc = world.app.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("select count(*) from reminder where session_id = ?", Integer.class, session.getIdElement().getIdPart()))
                .isEqualTo(1);
        world.awaitTask(sent.get(0).getIdElement().getIdPart(), "delivered");
        assertThat(world.received(sent.get(0).getIdElement().getIdPart())).isEqualTo(1);
    }

    @Test
    void aReminderStillInTheOutboxWhenItsSessionIsCancelledIsNotSent() {
        EpisodeOfCare course = course();
        Appointment session = book(course, at(2027, 8, 11, 10, 0));
        world.digitalPost.stop();
        try {
            clock(at(2027, 8, 10, 16, 0));
            planner.runOnce();
            String id = reminders(session).get(0).getIdElement().getIdPart();
            record(session, null, "citizen-other");
            planner.runOnce();
            world.awaitTask(id, "superseded");
        } finally {
            world.digitalPost.restart();
        }
        ContactWorld.sleep(1500);
        assertThat(world.received(reminders(session).get(0).getIdElement().getIdPart())).isZero();
    }

    private static Parameters.ParametersParameterComponent group(Parameters p, String name, String key, String value) {
        return p.getParameter().stream().filter(x -> name.equals(x.getName()))
                .filter(x -> key == null || x.getPart().stream().anyMatch(part -> key.equals(part.getName())
                        && (part.getValue() instanceof org.hl7.fhir.r4.model.Coding c ? value.equals(c.getCode())
                        : part.getValue() instanceof Reference r && value.equals(r.getReference()))))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " " + value));
    }

    private static int count(Parameters.ParametersParameterComponent group, String name) {
        return group.getPart().stream().filter(p -> name.equals(p.getName())).map(p -> ((IntegerType) p.getValue()).getValue())
                .findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    private static String rate(Parameters.ParametersParameterComponent group, String name) {
        return group.getPart().stream().filter(p -> name.equals(p.getName())).map(p -> ((DecimalType) p.getValue()).getValueAsString())
                .findFirst().orElse(null);
    }

    @Test
    void statisticsCountOutcomesPerSessionTypeAndTeam() {
        EpisodeOfCare alone = course();
        record(book(alone, at(2027, 9, 1, 10, 0)), Appointment.AppointmentStatus.FULFILLED, null);
        record(book(alone, at(2027, 9, 2, 10, 0)), Appointment.AppointmentStatus.FULFILLED, null);
        record(book(alone, at(2027, 9, 3, 10, 0)), Appointment.AppointmentStatus.NOSHOW, null);
        record(book(alone, at(2027, 9, 6, 10, 0)), null, "citizen-ill");
        book(alone, at(2027, 9, 20, 10, 0)); // outside the period
        EpisodeOfCare together = course();
        String team = world.team("Styrkehold tirsdag");
        for (int day = 1; day <= 3; day++) {
            record(world.book(together, "group", at(2027, 9, day, 13, 0).toOffsetDateTime(), team), Appointment.AppointmentStatus.FULFILLED, null);
        }
        record(world.book(together, "group", at(2027, 9, 6, 13, 0).toOffsetDateTime(), team), null, "centre");
        record(world.book(together, "group", at(2027, 9, 7, 13, 0).toOffsetDateTime(), team), Appointment.AppointmentStatus.NOSHOW, null);
        world.book(together, "group", at(2027, 9, 7, 23, 30).toOffsetDateTime(), team); // still booked; the 7th in Danish time

        Http.Response answer = http.get("Appointment/$statistics?start=2027-09-01&end=2027-09-07");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        Parameters p = answer.resource(Parameters.class);
        var total = group(p, "total", null, null);
        assertThat(count(total, "held")).isEqualTo(5);
        assertThat(count(total, "no-show")).isEqualTo(2);
        assertThat(count(total, "cancelled-by-citizen")).isEqualTo(1);
        assertThat(count(total, "cancelled-by-centre")).isEqualTo(1);
        assertThat(count(total, "cancelled-other")).isZero();
        assertThat(count(total, "booked")).isEqualTo(1);
        assertThat(count(total, "with-outcome")).isEqualTo(9);
        assertThat(rate(total, "no-show-rate")).isEqualTo("0.2222");
        var individual = group(p, "by-type", "type", "individual");
        assertThat(count(individual, "held")).isEqualTo(2);
        assertThat(count(individual, "with-outcome")).isEqualTo(4);
        assertThat(rate(individual, "no-show-rate")).isEqualTo("0.2500");
        assertThat(rate(individual, "citizen-cancellation-rate")).isEqualTo("0.2500");
        var groupType = group(p, "by-type", "type", "group");
        assertThat(count(groupType, "held")).isEqualTo(3);
        assertThat(count(groupType, "booked")).isEqualTo(1);
        assertThat(rate(groupType, "centre-cancellation-rate")).isEqualTo("0.2000");
        var byTeam = group(p, "by-team", "team", team);
        assertThat(count(byTeam, "held")).isEqualTo(3);
        assertThat(count(byTeam, "no-show")).isEqualTo(1);
        assertThat(count(byTeam, "cancelled-by-centre")).isEqualTo(1);
        assertThat(p.getParameter().stream().filter(x -> "by-team".equals(x.getName()))).hasSize(1);

        // reporting may see the figures, not a citizen
        Http reporting = http.withToken(TestTokens.of(ClientKind.REPORTING, null));
        assertThat(reporting.get("Appointment/$statistics?start=2027-09-01&end=2027-09-07").status()).isEqualTo(200);
        reporting.get(alone.getPatient().getReference()).assertError(403, "forbidden");
        reporting.get("Appointment?patient=" + alone.getPatient().getReference()).assertError(403, "forbidden");
    }

    @Test
    void statisticsRefuseBadPeriodsAndOtherCallers() {
        http.get("Appointment/$statistics?start=2027-09-08&end=2027-09-01").assertError(400, "invalid-parameters");
        http.get("Appointment/$statistics?start=2027-09-01").assertError(400, "invalid-parameters");
        var malformed = http.get("Appointment/$statistics?start=1.9.2027&end=2027-09-07").assertError(400, "invalid-parameters");
        assertThat(malformed.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("start");
        String period = "Appointment/$statistics?start=2027-09-01&end=2027-09-07";
        http.withToken(TestTokens.of(ClientKind.HOSPITAL, world.hospitalSor)).get(period).assertError(403, "forbidden");
        http.withToken(TestTokens.of(ClientKind.GP, "024015")).get(period).assertError(403, "forbidden");
        http.withToken(TestTokens.of(ClientKind.AUDITOR, null)).get(period).assertError(403, "forbidden");
        http.withoutToken().get(period).assertError(401, "unauthenticated");
    }
}
