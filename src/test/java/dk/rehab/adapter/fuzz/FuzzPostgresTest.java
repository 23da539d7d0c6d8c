package dk.rehab.adapter.fuzz;

import dk.rehab.adapter.support.Postgres;

@Postgres
class FuzzPostgresTest extends FuzzTests {
}
