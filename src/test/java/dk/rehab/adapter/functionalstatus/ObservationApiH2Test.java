package dk.rehab.adapter.functionalstatus;

import dk.rehab.adapter.support.H2;

@H2
class ObservationApiH2Test extends ObservationApiTests {
}
