package dk.rehab.adapter.jobcenter;

import dk.rehab.adapter.support.H2;

@H2
class JobcenterReferralH2Test extends JobcenterReferralTests {
}
