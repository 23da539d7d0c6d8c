package dk.rehab.adapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Read by id from the stored JSON ({@link StoredJsonReads}): what a client gets must be exactly what HAPI's own read
 * gives (a query string, here {@code _format=json}, always takes HAPI's path), and the fast path must really be taken
 * for a plain read.
 */
abstract class StoredJsonReadTests extends IntegrationTest {
    private static final List<String> SAME_HEADERS = List.of("ETag", "Last-Modified", "Content-Type", "X-Powered-By");

    @Autowired
    private StoredJsonReads reads;

    private List<String> created;

    @BeforeEach
    void planTransaction() {
        Bundle answer = http.json("", Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null),
                LocalDate.now().minusDays(1))).resource(Bundle.class);
        created = answer.getEntry().stream().map(e -> e.getResponse().getLocation().replaceAll("/_history/.*", "")).toList();
        assertThat(created).hasSize(4);
    }

    @Test
    void aPlainReadIsAnsweredFromTheStoredJsonWithExactlyWhatHapiWouldSend() {
        for (String path : created) {
            long before = reads.served();
            Http.Response fast = http.get(path);
            assertThat(reads.served()).as("the stored-JSON path answered GET %s", path).isEqualTo(before + 1);
            Http.Response hapi = http.get(path + "?_format=json");
            assertThat(reads.served()).as("a query string goes to HAPI").isEqualTo(before + 1);

            assertThat(fast.status()).isEqualTo(200);
            assertThat(fast.text()).isEqualTo(hapi.text());
            for (String header : SAME_HEADERS) {
                assertThat(fast.header(header)).as(header).isNotNull().isEqualTo(hapi.header(header));
            }
            assertThat(fast.header("Content-Location")).isEqualTo(hapi.header("Content-Location").replace("?_format=json", ""))
                    .isEqualTo(base() + "/" + path + "/_history/1");
            assertThat(fast.header("X-Request-ID")).matches("[A-Za-z0-9]{16}");
        }
        assertThat(reads.types()).contains("ServiceRequest", "Patient", "Organization", "Condition", "Observation", "Appointment")
                .doesNotContain("EpisodeOfCare", "DocumentReference", "Task", "PlanDefinition");
    }

    @Test
    void aNewVersionIsWhatTheNextReadReturns() {
        String path = created.get(3);
        ServiceRequest plan = http.get(path).resource(ServiceRequest.class);
        plan.setOccurrence(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(LocalDate.now().plusDays(2).toString())));
        assertThat(http.put(path, fhir.newJsonParser().encodeResourceToString(plan), "If-Match", "W/\"1\"").status()).isEqualTo(200);

        Http.Response fast = http.get(path);

        assertThat(fast.header("ETag")).isEqualTo("W/\"2\"");
        assertThat(fast.header("Content-Location")).endsWith("/_history/2");
        ServiceRequest read = fast.resource(ServiceRequest.class);
        assertThat(read.getMeta().getVersionId()).isEqualTo("2");
        assertThat(read.getOccurrencePeriod().getStartElement().getValueAsString()).isEqualTo(LocalDate.now().plusDays(2).toString());
        assertThat(fast.text()).isEqualTo(http.get(path + "?_format=json").text());
    }

    @Test
    void gzipIsSentWhenAskedForAndHoldsTheSameJson() {
        String path = created.get(3);
        long before = reads.served();
        Http.Response zipped = http.getWith(path, "Accept-Encoding", "gzip");

        assertThat(reads.served()).isEqualTo(before + 1);
        assertThat(zipped.status()).isEqualTo(200);
        assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(zipped.body())).isEqualTo(http.get(path + "?_format=json").text());
    }

    @Test
    void theClientsRequestIdIsEchoed() {
        assertThat(http.getWith(created.get(0), "X-Request-ID", "trace-4711").header("X-Request-ID")).isEqualTo("trace-4711");
    }

    @Test
    void everythingElseIsLeftToHapi() {
        String path = created.get(3);
        long before = reads.served();

        Http.Response xml = http.getWith(path, "Accept", "application/fhir+xml");
        Http.Response missing = http.get("ServiceRequest/does-not-exist");
        Http.Response unchanged = http.getWith(path, "If-None-Match", "W/\"1\"");
        Http.Response changed = http.getWith(path, "If-None-Match", "W/\"0\"");
        Http.Response vread = http.get(path + "/_history/1");

        assertThat(reads.served()).isEqualTo(before);
        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.header("Content-Type")).startsWith("application/fhir+xml");
        assertThat(xml.resource(ServiceRequest.class).getIdElement().getIdPart()).isEqualTo(path.substring(path.indexOf('/') + 1));
        missing.assertError(404, "not-found");
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.resource(ServiceRequest.class).getMeta().getVersionId()).isEqualTo("1");
        assertThat(vread.status()).isEqualTo(200);
        assertThat(http.getWith(path, "Accept", "*/*").header("Content-Type")).startsWith("application/fhir+json");
        assertThat(reads.served()).isEqualTo(before + 1);
    }

    private static String gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
