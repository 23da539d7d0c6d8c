package dk.rehab.adapter.message;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Exactly once across a restart, and reliable delivery of acknowledgements: a message answered before a restart
 * gets the same answer after it and stores nothing new; an acknowledgement owed to the sender's FHIR endpoint is
 * delivered after the restart, retried after a failure.
 */
abstract class MessageRestartTests {
    protected abstract Map<String, Object> database(String name);

    private HttpServer hospital;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();

    @BeforeEach
    void startHospital() throws IOException {
        hospital = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hospital.createContext("/fhir/$process-message", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // The hospital's endpoint fails the first time: the adapter must retry.
            int status = attempts.incrementAndGet() == 1 ? 503 : 200;
            if (status == 200) {
                delivered.add(body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        hospital.start();
    }

    @AfterEach
    void stopHospital() {
        hospital.stop(0);
    }

    @Test
    void answersAndOwedAcknowledgementsSurviveARestart() throws Exception {
        Map<String, Object> properties = new HashMap<>(database("it_msgrestart_" + UUID.randomUUID().toString().substring(0, 8)));
        properties.put("server.port", "0");
        String endpoint = "http://127.0.0.1:" + hospital.getAddress().getPort() + "/fhir";
        properties.put("adapter.messaging.ack-endpoints", endpoint);
        String cpr = Plans.newCpr();
        Bundle message = Messages.newPlan(cpr, LocalDate.now().minusDays(1));
        Messages.header(message).getSource().setEndpoint(endpoint);
        Bundle unknownEndpoint = Messages.newPlan(Plans.newCpr(), LocalDate.now().minusDays(1));
        Messages.header(unknownEndpoint).getSource().setEndpoint("http://elsewhere.example/fhir");
        String body = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(message);
        String ack;
        dk.rehab.adapter.support.GgopPlans ggop = new dk.rehab.adapter.support.GgopPlans(Plans.newCpr());
        String ggopAck;

        properties.put("adapter.messaging.delivery-interval", "PT1H");
        try (ConfigurableApplicationContext first = start(properties)) {
            Http.Response response = http(first).post("$process-message", "application/fhir+json", body);
            assertThat(response.status()).isEqualTo(200);
            ack = response.text();
            http(first).json("$process-message", unknownEndpoint);
            ggopAck = ggop(first, ggop.bytes());
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("select count(*) from ack_outbox", Integer.class))
                    .as("only the configured endpoint gets acknowledgements").isEqualTo(1);
        }
        assertThat(attempts.get()).as("nothing delivered before the restart").isZero();

        properties.put("adapter.messaging.delivery-interval", "PT0.2S");
        try (ConfigurableApplicationContext second = start(properties)) {
            Http http = http(second);
            assertThat(http.post("$process-message", "application/fhir+json", body).text()).isEqualTo(ack);
            assertThat(ggop(second, ggop.bytes())).isEqualTo(ggopAck);
            assertThat(http.get("ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + ggop.cpr).resource(Bundle.class).getTotal())
                    .isEqualTo(1);
            assertThat(http.get("ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class).getTotal())
                    .isEqualTo(1);

            long until = System.currentTimeMillis() + 20_000;
            while (delivered.isEmpty() && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            assertThat(attempts.get()).as("a failed attempt, then the retry").isEqualTo(2);
            assertThat(delivered).containsExactly(ack);
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            long until2 = System.currentTimeMillis() + 5_000;
            while (jdbc.queryForObject("select count(*) from ack_outbox where delivered is not null", Integer.class) == 0
                    && System.currentTimeMillis() < until2) {
                Thread.sleep(100);
            }
            assertThat(jdbc.queryForObject("select attempts from ack_outbox", Integer.class)).isEqualTo(2);
            assertThat(jdbc.queryForObject("select count(*) from ack_outbox where delivered is not null", Integer.class)).isEqualTo(1);
        }
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(RehabAdapterApplication.class).run(args);
    }

    private static String ggop(ConfigurableApplicationContext context, byte[] xml) throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/medcom/ggop")).header("Authorization", "Bearer " + dk.rehab.adapter.support.TestTokens.municipality()).header("Content-Type", "application/xml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(xml)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"code\":\"ok\"");
        return response.body();
    }

    private static Http http(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Http(context.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
    }
}
