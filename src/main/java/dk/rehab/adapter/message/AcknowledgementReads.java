package dk.rehab.adapter.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The stored acknowledgements ({@code received_message.ack}) as the Bundle read and search need them: by the
 * acknowledgement Bundle's id, or by the message they answer (its MessageHeader.id or Bundle.id; for a GGOP its
 * message key), optionally only those whose {@code sender} is one organisation (a hospital's compartment).
 */
@Repository
public class AcknowledgementReads {
    public record Page(List<String> acks, int total) {
    }

    private final JdbcTemplate jdbc;

    public AcknowledgementReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The acknowledgement (JSON) whose Bundle id is {@code ackId}. */
    public Optional<String> byId(String ackId) {
        return jdbc.queryForList("select ack from received_message where ack_id = ?", String.class, ackId).stream().findFirst();
    }

    /**
     * The acknowledgements of the message {@code message} (null: all), of {@code senders} (all of them must equal the
     * row's sender; empty: any), oldest first, one page.
     */
    public Page search(String message, List<String> senders, int offset, int count) {
        StringBuilder where = new StringBuilder(" from received_message where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (message != null) {
            // message_key is the second column of the primary key (channel, message_key): name the channels
            where.append(" and (channel in (?, ?) and message_key = ? or bundle_key = ?)");
            args.addAll(List.of(Messaging.CHANNEL_FHIR, Messaging.CHANNEL_GGOP, message, message));
        }
        for (String sender : senders) {
            where.append(" and sender = ?");
            args.add(sender);
        }
        Integer total = jdbc.queryForObject("select count(*)" + where, Integer.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(offset);
        pageArgs.add(count);
        List<String> acks = count == 0 ? List.of() : jdbc.queryForList("select ack" + where + " order by received, message_key offset ? rows fetch next ? rows only",
                String.class, pageArgs.toArray());
        return new Page(acks, total == null ? 0 : total);
    }
}
