package dk.rehab.adapter.plan;

import dk.rehab.adapter.support.Postgres;

@Postgres
class PlanSearchPostgresTest extends PlanSearchTests {
}
