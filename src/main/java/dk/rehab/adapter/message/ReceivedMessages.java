package dk.rehab.adapter.message;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The messages the adapter has answered ({@code received_message}), each with its acknowledgement: the key of
 * exactly-once receipt. A message's key is unique per channel; the insert happens in the transaction that
 * stored what the message carried, so a concurrent copy fails on the key and is answered from this row.
 */
@Repository
public class ReceivedMessages {
    public record Received(String response, String ack, String planId) {
    }

    private final JdbcTemplate jdbc;

    public ReceivedMessages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The earlier answer to a message with this key (or this Bundle id), if there is one. */
    public Optional<Received> find(String channel, String key, String bundleKey) {
        // Two indexed lookups rather than one OR, which the databases may answer with a scan.
        Optional<Received> byKey = jdbc.query("select response, ack, plan_id from received_message where channel = ? and message_key = ?",
                ROW, channel, key).stream().findFirst();
        if (byKey.isPresent() || bundleKey == null) {
            return byKey;
        }
        return jdbc.query("select response, ack, plan_id from received_message where channel = ? and bundle_key = ?",
                ROW, channel, bundleKey).stream().findFirst();
    }

    private static final org.springframework.jdbc.core.RowMapper<Received> ROW =
            (rs, n) -> new Received(rs.getString(1), rs.getString(2), rs.getString(3));

    /**
     * Stores the answer to a message. {@code sender} is the sending organisation's identifier value (see
     * {@link Senders}); the acknowledgement Bundle's id is taken from {@code ack} (its first {@code id}, as
     * {@link Acknowledgements} writes it) so that {@code GET /fhir/Bundle/{id}} finds it.
     */
    public void insert(String channel, String key, String bundleKey, String response, String ack, String planId, String correlation,
                       String sender) {
        jdbc.update("insert into received_message (channel, message_key, bundle_key, received, response, ack, plan_id, correlation, "
                        + "sender, ack_id) values (?,?,?,?,?,?,?,?,?,?)",
                channel, key, bundleKey, Instant.now().atOffset(ZoneOffset.UTC), response, ack, planId, correlation, sender, ackId(ack));
    }

    /** The id of the acknowledgement Bundle: the first {@code "id"} of its JSON (the Bundle's own, written right after resourceType). */
    static String ackId(String ack) {
        int at = ack.indexOf("\"id\":\"");
        if (at < 0) {
            return null;
        }
        int start = at + 6;
        int end = ack.indexOf('"', start);
        return end < 0 ? null : ack.substring(start, end);
    }

    /** The plan an accepted message produced (or acted on), if it was accepted. */
    public Optional<String> planOf(String channel, String key) {
        return jdbc.queryForList("select plan_id from received_message where channel = ? and message_key = ? and plan_id is not null",
                String.class, channel, key).stream().findFirst();
    }

    /** The plan of the latest accepted message with this correlation (GGOP: same sender, citizen and hospital contact). */
    public Optional<String> latestPlanOf(String correlation) {
        return jdbc.queryForList("select plan_id from received_message where correlation = ? and plan_id is not null "
                + "order by received desc", String.class, correlation).stream().findFirst();
    }
}
