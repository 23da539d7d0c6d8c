package dk.rehab.adapter.message;

import dk.rehab.adapter.config.AdapterProperties;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Acknowledgements waiting to be delivered ({@code ack_outbox}). A row is written in the transaction that
 * answered the message, only when the message's {@code source.endpoint} starts with one of the configured
 * {@code adapter.messaging.ack-endpoints}; {@link AckDelivery} delivers it.
 */
@Repository
public class AckOutbox {
    public record Pending(long id, String channel, String messageKey, String endpoint, String body, int attempts) {
    }

    /** What an acknowledgement is about, for its AuditEvent: the message's sender, its plan and the plan's citizen, the acknowledgement's Bundle id. */
    public record Subject(String sender, String planId, String patientId, String ackId) {
    }

    private final JdbcTemplate jdbc;
    private final AdapterProperties.Messaging config;
    private final boolean postgres;

    public AckOutbox(JdbcTemplate jdbc, AdapterProperties properties, javax.sql.DataSource dataSource) {
        this.jdbc = jdbc;
        this.config = properties.messaging();
        this.postgres = dk.rehab.adapter.store.Databases.isPostgres(dataSource);
    }

    public void enqueue(PlanMessage message, String ack) {
        if (!config.deliversTo(message.sourceEndpoint())) {
            return;
        }
        Instant now = Instant.now();
        jdbc.update("insert into ack_outbox (channel, message_key, endpoint, body, created, next_attempt) values (?,?,?,?,?,?)",
                message.channel(), message.messageKey(), message.sourceEndpoint(), ack, now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC));
    }

    /**
     * Claims due rows inside the caller's transaction: locked until it ends; other instances sharing the
     * PostgreSQL database skip them.
     */
    public List<Pending> claimDue(int limit) {
        return jdbc.query("select id, channel, message_key, endpoint, body, attempts from ack_outbox where delivered is null and next_attempt <= ? "
                        + "order by id limit " + limit + (postgres ? " for update skip locked" : " for update"),
                (rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6)),
                Instant.now().atOffset(ZoneOffset.UTC));
    }

    /** The subject of {@code pending}'s acknowledgement (nulls where the message made no plan or recorded no sender). */
    public Subject subject(Pending pending) {
        List<Subject> found = jdbc.query("select m.sender, m.plan_id, p.patient_id, m.ack_id from received_message m left join plan p on p.res_id = m.plan_id "
                        + "where m.channel = ? and m.message_key = ?",
                (rs, n) -> new Subject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), pending.channel(), pending.messageKey());
        return found.isEmpty() ? new Subject(null, null, null, null) : found.get(0);
    }

    public void delivered(long id) {
        jdbc.update("update ack_outbox set delivered = ?, attempts = attempts + 1, last_error = null where id = ?",
                Instant.now().atOffset(ZoneOffset.UTC), id);
    }

    /**
     * Records a failed attempt; the next one after an exponential back-off (initial-backoff × 2^attempts before this one,
     * at most max-backoff; by default 2 s, 4 s, ... at most 10 min).
     */
    public void failed(long id, int attempts, String error) {
        boolean giveUp = attempts + 1 >= config.maxAttempts();
        jdbc.update("update ack_outbox set attempts = attempts + 1, last_error = ?, next_attempt = ? where id = ?",
                error == null ? null : error.substring(0, Math.min(error.length(), 500)),
                giveUp ? Instant.parse("9999-12-31T00:00:00Z").atOffset(ZoneOffset.UTC) : Instant.now().plus(backoff(attempts)).atOffset(ZoneOffset.UTC), id);
    }

    java.time.Duration backoff(int attemptsBefore) {
        java.time.Duration wait = config.initialBackoff();
        for (int i = 0; i < attemptsBefore && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

}
