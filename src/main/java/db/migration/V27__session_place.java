package db.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The session projection gets the session's place ({@code session.place}: centre, home, pool, outdoors; null when the
 * Appointment names none, as {@code dk.rehab.adapter.fhir.SessionPlace} reads it), so that the KL Gateway report builds its
 * Encounters (home: HH, else AMB) from the rows instead of parsing every Appointment (bench/RESULTS.md, 4 December 2026).
 * Existing rows are filled from the current version of their Appointment: on PostgreSQL in one statement (jsonb), on H2
 * (no JSON path functions) by reading each JSON here.
 */
public class V27__session_place extends BaseJavaMigration {
    static final String EXT_SESSION_PLACE = "http://rehab-adapter.dk/fhir/StructureDefinition/session-place";

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("alter table session add column place varchar(20)");
        }
        backfill(c);
    }

    /** Fills {@code session.place} of every row where it is null from its Appointment's current JSON. */
    public static void backfill(Connection c) throws Exception {
        if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            try (PreparedStatement ps = c.prepareStatement("update session s set place = p.code from ("
                    + "select h.res_id, (select coalesce(e -> 'valueCoding' ->> 'code', e -> 'valueCodeableConcept' -> 'coding' -> 0 ->> 'code') "
                    + "from jsonb_array_elements(h.content::jsonb -> 'extension') e where e ->> 'url' = ? limit 1) as code "
                    + "from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version "
                    + "where r.res_type = 'Appointment') p where p.res_id = s.res_id and s.place is null and p.code is not null")) {
                ps.setString(1, EXT_SESSION_PLACE);
                ps.executeUpdate();
            }
            return;
        }
        ObjectMapper json = new ObjectMapper();
        try (Statement read = c.createStatement();
             ResultSet rs = read.executeQuery("select s.res_id, h.content from session s join resource r on r.res_type = 'Appointment' "
                     + "and r.res_id = s.res_id join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version "
                     + "where s.place is null");
             PreparedStatement update = c.prepareStatement("update session set place = ? where res_id = ?")) {
            int pending = 0;
            while (rs.next()) {
                String place = place(json.readTree(rs.getString(2)));
                if (place != null) {
                    update.setString(1, place);
                    update.setString(2, rs.getString(1));
                    update.addBatch();
                    if (++pending == 500) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                update.executeBatch();
            }
        }
    }

    /** The code of the first session-place extension (valueCoding, or a valueCodeableConcept's first coding); else null. */
    static String place(JsonNode appointment) {
        for (JsonNode e : appointment.path("extension")) {
            if (EXT_SESSION_PLACE.equals(e.path("url").asText(null))) {
                JsonNode code = e.has("valueCoding") ? e.path("valueCoding").path("code") : e.path("valueCodeableConcept").path("coding").path(0).path("code");
                return code.isTextual() ? code.asText() : null;
            }
        }
        return null;
    }
}
