package dk.rehab.adapter.delivery;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

/** One instance on the embedded H2 database (two instances cannot share an embedded H2 file; see FaultyWorldPostgresTest). */
class FaultyWorldH2Test extends FaultyWorldTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }

    @Override
    protected boolean twoInstances() {
        return false;
    }
}
