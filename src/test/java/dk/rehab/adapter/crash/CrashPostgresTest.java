package dk.rehab.adapter.crash;

import dk.rehab.adapter.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL_VARIABLE, matches = ".+")
class CrashPostgresTest extends CrashTests {
    @Override
    protected Map<String, Object> database(String name) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.postgres(name));
        properties.put("spring.profiles.active", "postgres");
        return properties;
    }

    @Override
    protected void drop(String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(System.getenv(TestDatabase.POSTGRES_URL_VARIABLE),
                System.getenv().getOrDefault("ADAPTER_TEST_POSTGRES_USER", "postgres"),
                System.getenv().getOrDefault("ADAPTER_TEST_POSTGRES_PASSWORD", ""))) {
            connection.createStatement().execute("drop schema if exists " + name + " cascade");
        }
    }
}
