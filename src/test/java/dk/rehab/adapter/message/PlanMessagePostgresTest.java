package dk.rehab.adapter.message;

import dk.rehab.adapter.support.Postgres;

@Postgres
class PlanMessagePostgresTest extends PlanMessageTests {
}
