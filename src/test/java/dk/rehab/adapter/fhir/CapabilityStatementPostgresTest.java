package dk.rehab.adapter.fhir;

import dk.rehab.adapter.support.Postgres;

@Postgres
class CapabilityStatementPostgresTest extends CapabilityStatementTests {
}
