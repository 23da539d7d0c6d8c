package dk.rehab.adapter.ggop;

import dk.rehab.adapter.support.Postgres;

@Postgres
class GgopPostgresTest extends GgopTests {
}
