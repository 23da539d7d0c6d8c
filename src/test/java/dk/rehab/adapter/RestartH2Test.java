package dk.rehab.adapter;

import java.util.Map;

class RestartH2Test extends RestartTests {
    @Override
    protected Map<String, Object> database(String name) {
        return h2(name);
    }
}
