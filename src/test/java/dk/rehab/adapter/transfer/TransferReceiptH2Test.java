package dk.rehab.adapter.transfer;

import dk.rehab.adapter.support.TestDatabase;
import java.util.Map;

class TransferReceiptH2Test extends TransferReceiptTests {
    @Override
    protected Map<String, Object> database(String name) {
        return TestDatabase.h2(name);
    }
}
