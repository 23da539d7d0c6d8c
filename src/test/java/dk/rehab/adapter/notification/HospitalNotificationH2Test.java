package dk.rehab.adapter.notification;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

class HospitalNotificationH2Test extends HospitalNotificationTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }
}
