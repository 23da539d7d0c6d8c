package dk.rehab.adapter.fhir;

import dk.rehab.adapter.support.H2;

@H2
class StoredJsonReadH2Test extends StoredJsonReadTests {
}
