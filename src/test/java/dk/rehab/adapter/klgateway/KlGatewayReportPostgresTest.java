package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.support.Postgres;

@Postgres
class KlGatewayReportPostgresTest extends KlGatewayReportTests {
}
