package dk.rehab.adapter.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** Which database the adapter runs on, for the few places that use PostgreSQL's own SQL. */
public final class Databases {
    private Databases() {
    }

    /** Whether {@code dataSource} is PostgreSQL; false when it cannot be asked (then the portable SQL is used). */
    public static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            return false;
        }
    }
}
