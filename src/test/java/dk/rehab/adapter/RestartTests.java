package dk.rehab.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestDatabase;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** What the adapter accepted is still there after it stops and starts again on the same database. */
abstract class RestartTests {
    protected abstract Map<String, Object> database(String name);

    @Test
    void acceptedPlansSurviveARestart() {
        Map<String, Object> database = new HashMap<>(database("it_restart_" + UUID.randomUUID().toString().substring(0, 8)));
        database.put("server.port", "0");
        String cpr = Plans.newCpr();
        String planId;
        String original;
        try (ConfigurableApplicationContext first = start(database)) {
            Http http = http(first);
            Bundle tx = Plans.transaction(cpr, Plans.hospital("265161000016000", null), LocalDate.now().minusDays(1));
            original = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(tx);
            Http.Response response = http.post("", "application/fhir+json", original);
            assertThat(response.status()).isEqualTo(200);
            planId = response.resource(Bundle.class).getEntry().get(3).getResponse().getLocation().split("/")[1];
        }
        try (ConfigurableApplicationContext second = start(database)) {
            Http http = http(second);
            Http.Response read = http.get("ServiceRequest/" + planId);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.resource(ServiceRequest.class).getExtensionByUrl(Canonical.EXT_START_DEADLINE)).isNotNull();
            assertThat(http.get("ServiceRequest?patient.identifier=" + cpr).resource(Bundle.class).getTotal()).isEqualTo(1);
            assertThat(http.get("ServiceRequest/" + planId + "/$original").status()).isEqualTo(200);
            Http.Response resent = http.post("", "application/fhir+json", original);
            assertThat(resent.resource(Bundle.class).getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo("200 OK"));
        }
    }

    /** Starts the application with {@code properties} as command-line arguments, which outrank application.yml. */
    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RehabAdapterApplication.class).run(args);
        String url = context.getEnvironment().getProperty("spring.datasource.url");
        assertThat(url).as("the test's own database").isEqualTo(properties.get("spring.datasource.url"));
        return context;
    }

    private static Http http(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Http(context.getBean(FhirContext.class), "http://localhost:" + port + "/fhir");
    }

    static Map<String, Object> withProfile(Map<String, Object> properties, String profile) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("spring.profiles.active", profile);
        return all;
    }

    static Map<String, Object> h2(String name) {
        return TestDatabase.h2(name);
    }
}
