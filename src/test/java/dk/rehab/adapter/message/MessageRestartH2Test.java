package dk.rehab.adapter.message;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

class MessageRestartH2Test extends MessageRestartTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }
}
