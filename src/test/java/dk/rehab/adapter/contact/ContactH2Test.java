package dk.rehab.adapter.contact;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

class ContactH2Test extends ContactTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }
}
