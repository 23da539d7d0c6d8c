package dk.rehab.adapter.audit;

import dk.rehab.adapter.support.H2;

@H2
class AuditTrailH2Test extends AuditTrailTests {
}
