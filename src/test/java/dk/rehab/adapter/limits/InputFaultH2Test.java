package dk.rehab.adapter.limits;

import dk.rehab.adapter.support.H2;

@H2
class InputFaultH2Test extends InputFaultTests {
}
