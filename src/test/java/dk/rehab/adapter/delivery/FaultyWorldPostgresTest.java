package dk.rehab.adapter.delivery;

import dk.rehab.adapter.support.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Two instances on one PostgreSQL schema, the second in its own process, killed with SIGKILL mid-run. */
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL_VARIABLE, matches = ".+",
        disabledReason = "two instances need a shared PostgreSQL: set ADAPTER_TEST_POSTGRES_URL")
class FaultyWorldPostgresTest extends FaultyWorldTests {
    @Override
    protected Map<String, Object> database(String name) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.postgres(name));
        properties.put("spring.profiles.active", "postgres");
        return properties;
    }

    @Override
    protected boolean twoInstances() {
        return true;
    }
}
