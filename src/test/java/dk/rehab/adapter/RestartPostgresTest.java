package dk.rehab.adapter;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL_VARIABLE, matches = ".+")
class RestartPostgresTest extends RestartTests {
    @Override
    protected Map<String, Object> database(String name) {
        return withProfile(TestDatabase.postgres(name), "postgres");
    }
}
