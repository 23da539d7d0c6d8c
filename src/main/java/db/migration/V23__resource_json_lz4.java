package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * PostgreSQL only: the resources' JSON ({@code resource_history.content}) compressed with lz4 instead of pglz from now on
 * (values already stored keep theirs; both are read alike). A KL Gateway report of a municipality-year writes
 * thousands of 10–20 KB Bundles in one transaction; with pglz their compression was a large part of PostgreSQL's work
 * (bench/RESULTS.md). Needs PostgreSQL 14 built with lz4 (the Debian and official builds are); without it nothing
 * changes. H2 has no such setting: nothing to do.
 */
public class V23__resource_json_lz4 extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName()) || c.getMetaData().getDatabaseMajorVersion() < 14) {
            return;
        }
        try (Statement s = c.createStatement()) {
            boolean lz4;
            try (ResultSet rs = s.executeQuery("select count(*) from pg_settings where name = 'default_toast_compression' "
                    + "and 'lz4' = any(enumvals)")) {
                lz4 = rs.next() && rs.getInt(1) > 0;
            }
            if (lz4) {
                s.execute("alter table resource_history alter column content set compression lz4");
            }
        }
    }
}
