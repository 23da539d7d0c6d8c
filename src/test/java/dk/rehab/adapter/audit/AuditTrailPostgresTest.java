package dk.rehab.adapter.audit;

import dk.rehab.adapter.support.Postgres;

@Postgres
class AuditTrailPostgresTest extends AuditTrailTests {
}
