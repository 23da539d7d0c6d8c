package dk.rehab.adapter.privacy;

import dk.rehab.adapter.support.Postgres;

@Postgres
class LogPrivacyPostgresTest extends LogPrivacyTests {
}
