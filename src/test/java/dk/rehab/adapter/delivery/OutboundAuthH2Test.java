package dk.rehab.adapter.delivery;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

class OutboundAuthH2Test extends OutboundAuthTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }
}
