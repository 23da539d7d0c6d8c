package dk.rehab.adapter.reminder;

import dk.rehab.adapter.support.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL_VARIABLE, matches = ".+")
class ReminderPostgresTest extends ReminderTests {
    @Override
    protected Map<String, Object> database(String name) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.postgres(name));
        properties.put("spring.profiles.active", "postgres");
        return properties;
    }
}
