package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.support.H2;

@H2
class KlGatewayReportH2Test extends KlGatewayReportTests {
}
