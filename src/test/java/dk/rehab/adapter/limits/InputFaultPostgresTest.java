package dk.rehab.adapter.limits;

import dk.rehab.adapter.support.Postgres;

@Postgres
class InputFaultPostgresTest extends InputFaultTests {
}
