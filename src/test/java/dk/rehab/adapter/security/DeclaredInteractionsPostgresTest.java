package dk.rehab.adapter.security;

import dk.rehab.adapter.support.Postgres;

@Postgres
class DeclaredInteractionsPostgresTest extends DeclaredInteractionsTests {
}
