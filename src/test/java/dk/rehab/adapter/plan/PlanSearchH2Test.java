package dk.rehab.adapter.plan;

import dk.rehab.adapter.support.H2;

@H2
class PlanSearchH2Test extends PlanSearchTests {
}
