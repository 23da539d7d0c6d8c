package dk.rehab.adapter.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * Base of the integration tests: the whole application on a random port, spoken to over HTTP with a HAPI
 * client and with raw requests. Each test class has two concrete variants: {@code …H2Test} (always) and
 * {@code …PostgresTest} (when {@code ADAPTER_TEST_POSTGRES_URL} is set). Both clients send a municipality token
 * ({@link TestTokens}); {@code http.withToken(…)} and {@code http.withoutToken()} send another or none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
public abstract class IntegrationTest {
    @LocalServerPort
    protected int port;

    @Autowired
    protected FhirContext fhir;

    protected IGenericClient client;
    protected Http http;

    @BeforeEach
    void connect() {
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = fhir.newRestfulGenericClient(base());
        client.registerInterceptor(new BearerTokenAuthInterceptor(TestTokens.municipality()));
        http = new Http(fhir, base());
    }

    protected String base() {
        return "http://localhost:" + port + "/fhir";
    }
}
