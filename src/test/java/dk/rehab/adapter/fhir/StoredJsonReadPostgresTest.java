package dk.rehab.adapter.fhir;

import dk.rehab.adapter.support.Postgres;

@Postgres
class StoredJsonReadPostgresTest extends StoredJsonReadTests {
}
