package dk.rehab.adapter.course;

import dk.rehab.adapter.support.Postgres;

@Postgres
class SessionPostgresTest extends SessionTests {
}
