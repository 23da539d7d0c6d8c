package dk.rehab.adapter.admission;

import dk.rehab.adapter.support.Postgres;

@Postgres
class AdmissionPostgresTest extends AdmissionTests {
}
