package dk.rehab.adapter.export;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.RehabAdapterApplication;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Plans;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A finished bulk export answers after the server stops and starts again on the same database: the manifest and its files. */
abstract class ExportRestartTests {
    protected abstract Map<String, Object> database(String name);

    @Test
    void aFinishedExportsManifestAndFilesSurviveARestart() throws Exception {
        Map<String, Object> database = new HashMap<>(database("it_export_restart_" + UUID.randomUUID().toString().substring(0, 8)));
        database.put("server.port", "0");
        database.put("adapter.export.settle", "PT0.1S");
        String status;
        String manifest;
        String file;
        byte[] lines;
        try (ConfigurableApplicationContext first = start(database)) {
            Http http = http(first, "/fhir");
            Http.Response tx = http.json("", Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(1)));
            assertThat(tx.status()).as(tx.text()).isEqualTo(200);
            Http.Response kickoff = http.getWith("$export?_type=Patient,ServiceRequest", "Prefer", "respond-async");
            assertThat(kickoff.status()).as(kickoff.text()).isEqualTo(202);
            status = pathOf(kickoff.header("Content-Location"));
            Http root = http(first, "");
            Http.Response answer = root.get(status);
            for (int i = 0; i < 200 && answer.status() == 202; i++) {
                Thread.sleep(50);
                answer = root.get(status);
            }
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            manifest = answer.text();
            file = pathOf(new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest).get("output").get(0).get("url").asText());
            Http.Response download = root.get(file);
            assertThat(download.status()).isEqualTo(200);
            lines = download.body();
            assertThat(lines).isNotEmpty();
        }
        try (ConfigurableApplicationContext second = start(database)) {
            Http root = http(second, "");
            Http.Response answer = root.get(status);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(answer.text()).isEqualTo(manifest);
            Http.Response download = root.get(file);
            assertThat(download.status()).as(download.text()).isEqualTo(200);
            assertThat(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo(new String(lines, StandardCharsets.UTF_8));
        }
    }

    /** The path of a URL of the server (the manifest's URLs name the port of the server that answered the kick-off). */
    private static String pathOf(String url) {
        return java.net.URI.create(url).getPath().substring(1);
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(RehabAdapterApplication.class).run(args);
    }

    private static Http http(ConfigurableApplicationContext context, String path) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Http(context.getBean(FhirContext.class), "http://localhost:" + port + path);
    }
}
