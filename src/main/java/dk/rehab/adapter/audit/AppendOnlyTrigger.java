package dk.rehab.adapter.audit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * H2's trigger on the audit trail's tables (migration V33): every UPDATE or DELETE of a row fails. The database file
 * names this class, so it must keep its name and package.
 */
public class AppendOnlyTrigger implements org.h2.api.Trigger {
    private String table = "the audit trail";

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type) {
        this.table = table;
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("the audit trail is append-only: " + (newRow == null ? "DELETE" : "UPDATE") + " of " + table + " refused",
                "42501");
    }
}
