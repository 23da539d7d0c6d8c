package dk.rehab.adapter.message;

import dk.rehab.adapter.support.Postgres;

@Postgres
class AcknowledgementReadPostgresTest extends AcknowledgementReadTests {
}
