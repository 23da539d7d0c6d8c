package dk.rehab.adapter.audit;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The audit_event and audit_entity tables (V7): inserts only; the searches are in {@link AuditSearch}. */
@Repository
public class AuditRows {
    private final JdbcTemplate jdbc;
    private final AuditProperties properties;

    public AuditRows(JdbcTemplate jdbc, AuditProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Stores {@code events} (in the caller's transaction, if any). */
    void insert(List<AuditRecord> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        List<Object[]> entities = new ArrayList<>(events.size() * 2);
        for (AuditRecord event : events) {
            java.time.OffsetDateTime recorded = event.recorded().atOffset(ZoneOffset.UTC);
            rows.add(new Object[] {event.id(), recorded, typeCode(event), event.subtype(), String.valueOf(event.action()),
                    String.valueOf(event.outcome()), column(event.organisation()), column(event.client()), AuditJson.render(event, properties.sourceId())});
            for (String reference : event.entities()) {
                if (reference.length() <= COLUMN) { // longer is no Type/id (ids have at most 64 characters): in the JSON only
                    entities.add(new Object[] {reference, recorded, event.id()});
                }
            }
        }
        jdbc.batchUpdate("insert into audit_event (id, recorded, type_code, subtype, action, outcome, agent_org, agent_client, content) "
                + "values (?,?,?,?,?,?,?,?,?)", rows);
        if (!entities.isEmpty()) {
            jdbc.batchUpdate("insert into audit_entity (reference, recorded, event_id) values (?,?,?)", entities);
        }
    }

    /** The width of the searchable text columns (V7). */
    private static final int COLUMN = 255;

    /** A token's claim as a searchable column: cut to the column's width (the JSON keeps it whole). */
    private static String column(String value) {
        return value == null || value.length() <= COLUMN ? value : value.substring(0, COLUMN);
    }

    static String typeCode(AuditRecord event) {
        return switch (event.kind()) {
            case REST -> "rest";
            case MESSAGE -> "110110";
            case EXPORT -> "110106";
        };
    }
}
