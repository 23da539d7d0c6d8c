package dk.rehab.adapter.transfer;

import dk.rehab.adapter.support.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL_VARIABLE, matches = ".+")
class TransferReceiptPostgresTest extends TransferReceiptTests {
    @Override
    protected Map<String, Object> database(String name) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.postgres(name));
        properties.put("spring.profiles.active", "postgres");
        return properties;
    }
}
