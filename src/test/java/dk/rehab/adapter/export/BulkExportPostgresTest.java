package dk.rehab.adapter.export;

import dk.rehab.adapter.support.Postgres;

@Postgres
class BulkExportPostgresTest extends BulkExportTests {
}
