package dk.rehab.adapter.fuzz;

import dk.rehab.adapter.support.H2;

@H2
class FuzzH2Test extends FuzzTests {
}
