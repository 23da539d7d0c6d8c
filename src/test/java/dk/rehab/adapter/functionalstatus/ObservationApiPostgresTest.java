package dk.rehab.adapter.functionalstatus;

import dk.rehab.adapter.support.Postgres;

@Postgres
class ObservationApiPostgresTest extends ObservationApiTests {
}
