package dk.rehab.adapter.plan;

import dk.rehab.adapter.support.Postgres;

@Postgres
class PlanIntakePostgresTest extends PlanIntakeTests {
}
