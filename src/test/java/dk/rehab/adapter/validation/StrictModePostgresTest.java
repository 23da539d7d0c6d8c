package dk.rehab.adapter.validation;

import dk.rehab.adapter.support.Postgres;

@Postgres
class StrictModePostgresTest extends StrictModeTests {
}
