package dk.rehab.adapter.report;

import dk.rehab.adapter.support.Postgres;

@Postgres
class ReportTablesPostgresTest extends ReportTablesTests {
}
