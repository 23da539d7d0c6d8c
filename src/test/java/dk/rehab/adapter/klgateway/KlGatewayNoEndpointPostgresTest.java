package dk.rehab.adapter.klgateway;

import dk.rehab.adapter.support.Postgres;

@Postgres
class KlGatewayNoEndpointPostgresTest extends KlGatewayNoEndpointTests {
}
