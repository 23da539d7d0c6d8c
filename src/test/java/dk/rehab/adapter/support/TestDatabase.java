package dk.rehab.adapter.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points each test application context at a database of its own: a fresh H2 file under target/, or — for the
 * PostgreSQL variants — a fresh schema in the database that {@code ADAPTER_TEST_POSTGRES_URL} names
 * ({@code .ci/run} sets it). Which one is chosen by the active profile {@code it-h2} or {@code it-postgres}.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String POSTGRES_URL_VARIABLE = "ADAPTER_TEST_POSTGRES_URL";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        boolean postgres = context.getEnvironment().matchesProfiles("it-postgres");
        String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> properties = postgres ? postgres(name) : h2(name);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-database", properties));
    }

    public static Map<String, Object> h2(String name) {
        Path file = Path.of("target", "it-db", name).toAbsolutePath();
        return Map.of("spring.datasource.url",
                "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=128;CACHE_SIZE=16384;LOCK_TIMEOUT=10000;WRITE_DELAY=0",
                "spring.datasource.username", "sa", "spring.datasource.password", "");
    }

    public static Map<String, Object> postgres(String schema) {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(POSTGRES_URL_VARIABLE + " is not set");
        }
        String user = System.getenv().getOrDefault("ADAPTER_TEST_POSTGRES_USER", "postgres");
        String password = System.getenv().getOrDefault("ADAPTER_TEST_POSTGRES_PASSWORD", "");
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.createStatement().execute("create schema " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema in " + url, e);
        }
        // Small pools that give idle connections back: the test JVM keeps many application contexts cached at once, and
        // ten connections held open by each ran the server out of its 100 ("too many clients") once the suite grew.
        return Map.of("spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "spring.datasource.username", user, "spring.datasource.password", password,
                "spring.datasource.hikari.minimum-idle", "0", "spring.datasource.hikari.maximum-pool-size", "5",
                "spring.datasource.hikari.idle-timeout", "10000");
    }
}
