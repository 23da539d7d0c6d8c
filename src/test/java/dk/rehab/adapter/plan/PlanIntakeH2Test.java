package dk.rehab.adapter.plan;

import dk.rehab.adapter.support.H2;

@H2
class PlanIntakeH2Test extends PlanIntakeTests {
}
