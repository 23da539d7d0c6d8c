package dk.rehab.adapter.group;

import dk.rehab.adapter.support.Postgres;

@Postgres
class GroupPostgresTest extends GroupTests {
}
