package dk.rehab.adapter.reminder;

import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.contact.Communications;
import dk.rehab.adapter.contact.ContactCodes;
import dk.rehab.adapter.contact.ContactLetterText;
import dk.rehab.adapter.contact.SessionDescriptions;
import dk.rehab.adapter.delivery.DeliveryPlanner;
import dk.rehab.adapter.fhir.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Plans the reminders before sessions. Every {@code adapter.reminders.poll-interval} it takes the booked sessions that
 * have not started and whose reminder time ({@link ReminderTime}) has come, and for each one without a reminder for
 * its current start writes, in one transaction: the {@code reminder} row (unique per session and start), the reminder
 * Communication (category reminder, medium digital post, about the session) and its outbox delivery to the citizen's
 * digital post. The unique key makes it exactly once: a second instance (or a second round) planning the same
 * session and start fails on the key and its transaction writes nothing.
 *
 * <p>A session moved before its reminder went is reminded of its new time only; one moved after its reminder went gets
 * a new reminder for the new time; a session moved back to a time it was already reminded of is not reminded again.
 * A cancelled, held or missed session is never reminded, and a reminder still waiting in the outbox when its session is
 * cancelled, recorded or moved is {@code superseded}. Time comes from the {@link Clock} bean.
 */
@Component
public class ReminderPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(ReminderPlanner.class);

    private final JdbcTemplate jdbc;
    private final WriteTransactions transactions;
    private final SessionDescriptions sessions;
    private final Communications communications;
    private final DeliveryPlanner planner;
    private final ReminderProperties properties;
    private final ReminderTime time;
    private final Clock clock;

    public ReminderPlanner(JdbcTemplate jdbc, WriteTransactions transactions, SessionDescriptions sessions, Communications communications,
                           DeliveryPlanner planner, ReminderProperties properties, AdapterProperties adapter, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.sessions = sessions;
        this.communications = communications;
        this.planner = planner;
        this.properties = properties;
        this.time = new ReminderTime(properties.daysBefore(), properties.hour(), adapter.zone());
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${adapter.reminders.poll-interval:1m}", initialDelayString = "${adapter.reminders.poll-interval:1m}")
    public void poll() {
        if (!properties.enabled()) {
            return;
        }
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("reminder planning failed: {}", e.getClass().getSimpleName());
        }
    }

    /** One round at the clock's now: supersedes stale reminders, plans the due ones. Returns how many reminders it planned. */
    public int runOnce() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        supersedeStale();
        List<Candidate> candidates = jdbc.query("select s.res_id, s.patient_id, s.plan_id, s.start_at from session s "
                        + "where s.status = 'booked' and s.start_at > ? and s.start_at <= ? and not exists (select 1 from reminder r "
                        + "where r.session_id = s.res_id and r.session_start = s.start_at) order by s.start_at, s.res_id",
                (rs, n) -> new Candidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant()),
                utc(now), utc(now.plus(time.lookahead())));
        int planned = 0;
        for (Candidate c : candidates) {
            if (!time.due(c.start()).isAfter(now) && plan(c, now)) {
                planned++;
            }
        }
        return planned;
    }

    record Candidate(String sessionId, String patientId, String planId, Instant start) {
    }

    private boolean plan(Candidate c, Instant now) {
        try {
            return transactions.run(() -> {
                // the session as it is now, under a lock: a concurrent move or cancellation is seen, not overtaken
                List<String> still = jdbc.queryForList("select res_id from session where res_id = ? and status = 'booked' and start_at = ? for update",
                        String.class, c.sessionId(), utc(c.start()));
                // a retry after losing the unique-key race (WriteTransactions runs it again) finds the winner's reminder
                if (still.isEmpty() || jdbc.queryForObject("select count(*) from reminder where session_id = ? and session_start = ?",
                        Integer.class, c.sessionId(), utc(c.start())) > 0) {
                    return false;
                }
                Communication stored = communications.create(reminder(c, now), c.patientId(), c.planId(), c.sessionId(),
                        ContactCodes.Category.REMINDER, ContactCodes.Medium.DIGITAL_POST, now);
                String communicationId = stored.getIdElement().getIdPart();
                // the unique key (session, start): the second planner of the same reminder fails here and writes nothing
                jdbc.update("insert into reminder (session_id, session_start, communication_id, planned) values (?,?,?,?)",
                        c.sessionId(), utc(c.start()), communicationId, utc(now));
                planner.planDigitalPost(communicationId, c.patientId(), now);
                return true;
            });
        } catch (DataIntegrityViolationException | dk.rehab.adapter.fhir.AdapterException e) {
            // another instance (or round) planned this session's reminder for this start first, and kept winning the retries
            return false;
        }
    }

    private Communication reminder(Candidate c, Instant now) {
        SessionDescriptions.Described s = sessions.describe(c.sessionId());
        Communication r = new Communication();
        r.setStatus(Communication.CommunicationStatus.COMPLETED);
        r.addCategory(ContactCodes.Category.REMINDER.concept());
        r.addMedium(ContactCodes.Medium.DIGITAL_POST.concept());
        r.setSubject(new Reference("Patient/" + c.patientId()));
        r.addRecipient(new Reference("Patient/" + c.patientId()));
        if (c.planId() != null) {
            r.addBasedOn(new Reference("ServiceRequest/" + c.planId()).setDisplay("Genoptræningsplan"));
        }
        r.addAbout(new Reference("Appointment/" + c.sessionId()).setDisplay("Træningsaftale " + ContactLetterText.when(s.start())));
        r.setSent(Date.from(now));
        if (s.centreRef() != null) {
            r.setSender(s.centreRef());
        }
        r.setTopic(new org.hl7.fhir.r4.model.CodeableConcept().setText("Påmindelse om din aftale"));
        r.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(ReminderText.of(s)));
        return r;
    }

    /** Reminders still in the outbox whose session is no longer booked at the time they remind of. */
    private void supersedeStale() {
        List<String> stale = jdbc.queryForList("select distinct r.communication_id from reminder r join session s on s.res_id = r.session_id "
                + "join delivery d on d.document_id = r.communication_id where d.state in ('pending', 'retrying', 'no-endpoint', 'failed') "
                + "and (s.status <> 'booked' or s.start_at <> r.session_start)", String.class);
        for (String communicationId : stale) {
            transactions.run(() -> {
                planner.supersede(communicationId);
                return null;
            });
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
