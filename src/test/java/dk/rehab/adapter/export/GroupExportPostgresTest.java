package dk.rehab.adapter.export;

import dk.rehab.adapter.support.Postgres;

@Postgres
class GroupExportPostgresTest extends GroupExportTests {
}
