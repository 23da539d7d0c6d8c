package dk.rehab.adapter.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The body of every accepted request, byte for byte as it arrived, linked to the resource versions derived
 * from it, so nothing a hospital sent is lost and every mapping can be re-run.
 */
@Repository
public class InboundDocuments {
    public record Document(long id, Instant received, String channel, String contentType, byte[] body) {
    }

    private final JdbcTemplate jdbc;

    public InboundDocuments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long save(String channel, String contentType, byte[] body) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "insert into inbound_document (received, channel, content_type, body) values (?,?,?,?)",
                    new String[] {"id"});
            ps.setObject(1, ResourceStore.utc(now));
            ps.setString(2, channel);
            ps.setString(3, contentType);
            ps.setBytes(4, body);
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /** Links a document to the resource versions derived from it: rows of (type, id, version). */
    public void link(long documentId, List<Object[]> resourceVersions) {
        List<Object[]> rows = resourceVersions.stream()
                .map(r -> new Object[] {documentId, r[0], r[1], r[2]}).toList();
        jdbc.batchUpdate("insert into inbound_document_link (document_id, res_type, res_id, version) values (?,?,?,?)", rows);
    }

    /** The documents a resource was derived from, oldest first. */
    public List<Document> forResource(String type, String id) {
        return jdbc.query("select d.id, d.received, d.channel, d.content_type, d.body from inbound_document d "
                        + "where d.id in (select l.document_id from inbound_document_link l where l.res_type = ? and l.res_id = ?) "
                        + "order by d.id",
                (rs, n) -> new Document(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                        rs.getString(3), rs.getString(4), rs.getBytes(5)), type, id);
    }
}
