package dk.rehab.adapter.reminder;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

class ReminderH2Test extends ReminderTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }
}
