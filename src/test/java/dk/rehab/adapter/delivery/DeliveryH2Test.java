package dk.rehab.adapter.delivery;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

class DeliveryH2Test extends DeliveryTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }
}
