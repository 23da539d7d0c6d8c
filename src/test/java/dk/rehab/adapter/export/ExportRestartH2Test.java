package dk.rehab.adapter.export;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

class ExportRestartH2Test extends ExportRestartTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }
}
