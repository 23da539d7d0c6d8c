package dk.rehab.adapter.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The audit_event, audit_entity and audit_pending tables (V7, V20, V21, V22): inserts, and an event's FHIR JSON from its row; the searches are
 * in {@link AuditSearch}. An event is stored as its fields ({@link AuditJson} renders it when it is read), or, when a
 * field does not fit its column, as its JSON (content), as every event was before V20.
 */
@Repository
public class AuditRows {
    /** The columns {@link #JSON} reads. */
    static final String COLUMNS = "e.id, e.recorded, e.type_code, e.subtype, e.action, e.outcome, e.agent_org, e.agent_client, "
            + "e.content, e.client_kind, e.outcome_desc, e.address, e.request, e.query_text, e.entities, e.source_id";

    /** An audit_event row (selected with {@link #COLUMNS}) as FHIR JSON. */
    static final RowMapper<String> JSON = AuditRows::json;

    private final JdbcTemplate jdbc;
    private final AuditProperties properties;
    /**
     * Set when this instance noted an event for {@link AuditIndex} (true at start: a previous run may have left notes).
     * Read through {@link #takeNoted()} only: this bean is proxied (a repository's exception translation), and a field
     * read through the proxy is the proxy's own, null, field.
     */
    private final java.util.concurrent.atomic.AtomicBoolean noted = new java.util.concurrent.atomic.AtomicBoolean(true);

    public AuditRows(JdbcTemplate jdbc, AuditProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Stores {@code events} and their entity index rows (in the caller's transaction, if any). */
    void insert(List<AuditRecord> events) {
        insert(events, true);
    }

    /**
     * Stores {@code events} (in the caller's transaction, if any); their entity index rows now, or, unless
     * {@code indexNow}, later by {@link AuditIndex} (a note in audit_pending, appended: event ids are time-ordered). An
     * event stored as JSON (its fields do not fit) has no entities column for the searches to read meanwhile: indexed now.
     */
    void insert(List<AuditRecord> events, boolean indexNow) {
        List<Object[]> rows = new ArrayList<>(events.size());
        List<Object[]> entities = new ArrayList<>(events.size() * 2);
        List<Object[]> pending = new ArrayList<>();
        String source = properties.sourceId();
        for (AuditRecord event : events) {
            java.time.OffsetDateTime recorded = event.recorded().atOffset(ZoneOffset.UTC);
            boolean fields = fitsColumns(event, source);
            rows.add(new Object[] {event.id(), recorded, typeCode(event), event.subtype(), String.valueOf(event.action()),
                    String.valueOf(event.outcome()), column(event.organisation()), column(event.client()),
                    fields ? null : AuditJson.render(event, source),
                    fields ? event.clientKind() : null, fields ? event.outcomeDesc() : null, fields ? event.address() : null,
                    fields ? event.request() : null, fields ? event.query() : null,
                    fields ? String.join(" ", event.entities()) : null, fields ? source : null});
            if (event.entities().isEmpty()) {
                continue;
            }
            if (!indexNow && fields) {
                pending.add(new Object[] {event.id()});
            } else {
                entityRows(event.id(), event.entities(), entities);
            }
        }
        batch("insert into audit_event (id, recorded, type_code, subtype, action, outcome, agent_org, agent_client, content, "
                + "client_kind, outcome_desc, address, request, query_text, entities, source_id) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows);
        insertEntities(entities);
        if (!pending.isEmpty()) {
            batch("insert into audit_pending (event_id) values (?)", pending);
            noted.set(true);
        }
    }

    /** Whether an event was noted for {@link AuditIndex} since the last call (and forgets it). */
    boolean takeNoted() {
        return noted.getAndSet(false);
    }

    /** The index rows of event {@code id}'s {@code references}, added to {@code into}. */
    static void entityRows(String id, List<String> references, List<Object[]> into) {
        for (String reference : references) {
            if (indexed(reference)) {
                into.add(new Object[] {reference, id});
            }
        }
    }

    /** Whether the entity index holds {@code reference} (longer is no Type/id, ids have at most 64 characters: in the event only). */
    static boolean indexed(String reference) {
        return reference.length() <= COLUMN;
    }

    void insertEntities(List<Object[]> entities) {
        batch("insert into audit_entity (reference, event_id) values (?,?)", entities);
    }

    /**
     * {@code rows} (strings, and the recorded time) into {@code sql}, set by their types: JdbcTemplate's untyped batch
     * inspects every value for its SQL type, about 8 % of the audit writer's CPU (JFR).
     */
    private void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(sql, new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
            @Override
            public void setValues(java.sql.PreparedStatement statement, int i) throws SQLException {
                Object[] row = rows.get(i);
                for (int column = 0; column < row.length; column++) {
                    if (row[column] instanceof java.time.OffsetDateTime time) {
                        statement.setObject(column + 1, time);
                    } else {
                        statement.setString(column + 1, (String) row[column]);
                    }
                }
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
    }

    /** The width of the searchable text columns (V7, V20). */
    private static final int COLUMN = 255;

    /** Whether every field of {@code event} can be stored in its column unchanged (and read back as it was). */
    static boolean fitsColumns(AuditRecord event, String source) {
        return fits(event.organisation()) && fits(event.client()) && fits(event.outcomeDesc()) && fits(event.address())
                && fits(source) && (event.clientKind() == null || event.clientKind().length() <= 32)
                && event.entities().stream().noneMatch(reference -> reference.isEmpty() || reference.chars().anyMatch(Character::isWhitespace));
    }

    private static boolean fits(String value) {
        return value == null || value.length() <= COLUMN;
    }

    /** A token's claim as a searchable column: cut to the column's width (the event keeps it whole, as JSON). */
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

    private static AuditRecord.Kind kind(String typeCode) {
        return switch (typeCode) {
            case "110110" -> AuditRecord.Kind.MESSAGE;
            case "110106" -> AuditRecord.Kind.EXPORT;
            default -> AuditRecord.Kind.REST;
        };
    }

    private static String json(ResultSet row, int n) throws SQLException {
        String content = row.getString("content");
        if (content != null) {
            return content;
        }
        String entities = row.getString("entities");
        AuditRecord event = new AuditRecord(row.getString("id"), row.getObject("recorded", java.time.OffsetDateTime.class).toInstant(),
                kind(row.getString("type_code")), row.getString("subtype"), row.getString("action").charAt(0),
                Integer.parseInt(row.getString("outcome").trim()), row.getString("outcome_desc"), row.getString("client_kind"),
                row.getString("agent_org"), row.getString("agent_client"), row.getString("address"), row.getString("request"),
                row.getString("query_text"), entities == null || entities.isEmpty() ? List.of() : Arrays.asList(entities.split(" ")));
        return AuditJson.render(event, row.getString("source_id"));
    }
}
