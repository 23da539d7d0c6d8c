package dk.rehab.adapter.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the bulk export tests share (system, Patient and Group level): kick off, poll the status URL to the manifest,
 * download every file, as a Bulk Data client does, each step checked as the specification describes it.
 */
abstract class BulkExportSupport extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    Http root() {
        return http.at("http://localhost:" + port);
    }

    String path(String url) {
        assertThat(url).startsWith("http://localhost:" + port + "/");
        return url.substring(("http://localhost:" + port + "/").length());
    }

    /** Kicks off and answers the status path. */
    String kickoff(Http client, String operation) {
        Http.Response kickoff = client.getWith(operation, "Prefer", "respond-async");
        assertThat(kickoff.status()).as(kickoff.text()).isEqualTo(202);
        String location = kickoff.header("Content-Location");
        assertThat(location).startsWith("http://localhost:" + port + "/async/export/");
        return path(location);
    }

    /** Polls until the job is done; answers the manifest. */
    JsonNode manifest(Http client, String status) throws Exception {
        Http.Response answer = client.get(status);
        for (int i = 0; i < 200 && answer.status() == 202; i++) {
            assertThat(answer.header("X-Progress")).isNotBlank();
            Thread.sleep(50);
            answer = client.get(status);
        }
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.header("Expires")).isNotBlank();
        return JSON.readTree(answer.body());
    }

    /** Every line of every file of the manifest, parsed, by type; checks each line is a resource of the file's type. */
    Map<String, List<Resource>> download(Http client, JsonNode manifest) {
        Map<String, List<Resource>> byType = new LinkedHashMap<>();
        for (JsonNode output : manifest.get("output")) {
            String type = output.get("type").asText();
            Http.Response file = client.getWith(path(output.get("url").asText()), "Accept", "application/fhir+ndjson");
            assertThat(file.status()).as(file.text()).isEqualTo(200);
            assertThat(file.header("Content-Type")).startsWith("application/fhir+ndjson");
            String text = new String(file.body(), StandardCharsets.UTF_8);
            assertThat(text).endsWith("\n");
            String[] lines = text.split("\n");
            assertThat(lines).as("the count of %s", output).hasSize(output.get("count").asInt());
            for (String line : lines) {
                Resource resource = (Resource) fhir.newJsonParser().parseResource(line);
                assertThat(resource.fhirType()).isEqualTo(type);
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(resource);
            }
        }
        return byType;
    }

    /** The files of the job {@code accepted} (a kick-off answered 202) kicked off, once it is done: {@link #download}. */
    Map<String, List<Resource>> files(Http.Response accepted) throws Exception {
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        return download(root(), manifest(root(), path(accepted.header("Content-Location"))));
    }

    /** {@code Type/id} of each resource (none for a type the export did not hold); each must come once. */
    static Set<String> ids(List<Resource> resources) {
        Set<String> ids = new HashSet<>();
        for (Resource r : resources == null ? List.<Resource>of() : resources) {
            assertThat(ids.add(r.fhirType() + "/" + r.getIdElement().getIdPart())).as("each resource once: %s", r.getId()).isTrue();
        }
        return ids;
    }
}
