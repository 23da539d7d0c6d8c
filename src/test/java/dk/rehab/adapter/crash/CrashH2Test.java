package dk.rehab.adapter.crash;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

class CrashH2Test extends CrashTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }
}
