package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.support.CapturedLog;
import dk.rehab.adapter.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The benchmark switch {@code adapter.security.off-for-benchmarks}: refused on any database but the embedded one,
 * before the database is opened; on the embedded one the server starts, says at start that security is off, answers
 * without a token, and audits nothing.
 */
class WithoutSecurityTest {
    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private static String[] args(Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>(properties);
        p.put("server.port", "0");
        p.put("adapter.delivery.enabled", "false");
        p.put(WithoutSecurity.PROPERTY, "true");
        return p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    @Test
    void theServerRefusesToStartWithoutSecurityOnAnyDatabaseButTheEmbeddedOne() {
        Map<String, Object> postgres = new HashMap<>(TestDatabase.h2("it_nosec_" + UUID.randomUUID().toString().substring(0, 8)));
        // a server that does not exist: the refusal must come before any connection is tried
        postgres.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/nowhere");
        postgres.put("spring.datasource.username", "nobody");

        assertThatThrownBy(() -> new SpringApplicationBuilder(RehabAdapterApplication.class).run(args(postgres)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(WithoutSecurity.PROPERTY + "=true is for benchmarks on the embedded database only")
                .hasMessageNotContaining("127.0.0.1");
    }

    @Test
    void onTheEmbeddedDatabaseItStartsWarnsAndAnswersWithoutATokenAuditingNothing() throws Exception {
        // Spring Boot leaves logging as the test set it up, so the captured log sees the start's own lines
        System.setProperty(LOGGING_SYSTEM, "none");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RehabAdapterApplication.class)
                .run(args(TestDatabase.h2("it_nosec_" + UUID.randomUUID().toString().substring(0, 8))))) {
            assertThat(log.events()).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).startsWith("SECURITY IS OFF");
            });
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> search = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/ServiceRequest"))
                    .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(search.statusCode()).isEqualTo(200);
            assertThat(search.body()).contains("\"resourceType\":\"Bundle\"");
            Integer audited = app.getBean(org.springframework.jdbc.core.JdbcTemplate.class)
                    .queryForObject("select count(*) from audit_event", Integer.class);
            assertThat(audited).isZero();
        } finally {
            System.clearProperty(LOGGING_SYSTEM);
        }
    }

    private static final String LOGGING_SYSTEM = org.springframework.boot.logging.LoggingSystem.SYSTEM_PROPERTY;
}
