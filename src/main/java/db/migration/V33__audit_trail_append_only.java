package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The audit trail's tables refuse changes (README, Security, Audit trail): an UPDATE or DELETE of an audit_event or
 * audit_entity row, and on PostgreSQL a TRUNCATE, fails with an error, whoever sends it: the adapter never does, and
 * now neither can anyone else with the adapter's database user, short of dropping the trigger (which the database's
 * owner can; the README says how to take that right away with grants). Inserting is untouched (no trigger runs).
 * PostgreSQL: a PL/pgSQL trigger function. H2: {@link dk.rehab.adapter.audit.AppendOnlyTrigger}, referenced by its
 * class name from the database file (keep that class where it is).
 */
public class V33__audit_trail_append_only extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        try (Statement s = c.createStatement()) {
            if (postgres) {
                s.execute("create function audit_append_only() returns trigger language plpgsql as $$ begin "
                        + "raise exception 'the audit trail is append-only: % of % refused', tg_op, tg_table_name using errcode = '42501'; "
                        + "end $$");
                for (String table : new String[] {"audit_event", "audit_entity"}) {
                    s.execute("create trigger " + table + "_append_only before update or delete on " + table
                            + " for each row execute function audit_append_only()");
                    s.execute("create trigger " + table + "_no_truncate before truncate on " + table
                            + " for each statement execute function audit_append_only()");
                }
            } else {
                for (String table : new String[] {"audit_event", "audit_entity"}) {
                    s.execute("create trigger " + table + "_append_only before update, delete on " + table
                            + " for each row call '" + dk.rehab.adapter.audit.AppendOnlyTrigger.class.getName() + "'");
                }
            }
        }
    }
}
