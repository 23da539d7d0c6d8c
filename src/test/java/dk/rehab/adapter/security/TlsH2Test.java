package dk.rehab.adapter.security;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

class TlsH2Test extends TlsTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }
}
