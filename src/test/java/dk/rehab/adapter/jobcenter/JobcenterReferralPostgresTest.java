package dk.rehab.adapter.jobcenter;

import dk.rehab.adapter.support.Postgres;

@Postgres
class JobcenterReferralPostgresTest extends JobcenterReferralTests {
}
