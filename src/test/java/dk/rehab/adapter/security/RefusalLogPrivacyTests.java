package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the security layer refuses leaves no CPR number and no token in the log or the answer: 401 (no token, a
 * malformed one, one whose text holds a CPR number), 403 (a kind or scope that does not allow it), 404 outside the
 * compartment — all with CPR numbers in the query or the body. (The CPR scenario over every endpoint is
 * privacy/LogPrivacyTests.)
 */
abstract class RefusalLogPrivacyTests extends IntegrationTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    final dk.rehab.adapter.support.CapturedLog captured = new dk.rehab.adapter.support.CapturedLog();

    @Test
    void refusalsLogNoCprAndNoToken() {
        String cpr = Plans.newCpr();
        String hospitalToken = TestTokens.of(ClientKind.HOSPITAL, Plans.uniqueSor());
        String gpToken = TestTokens.of(ClientKind.GP, "012345");
        Bundle tx = Plans.transaction(cpr, Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(1));
        String body = fhir.newJsonParser().encodeResourceToString(tx);
        assertThat(http.post("", "application/fhir+json", body).status()).isEqualTo(200);
        String byCpr = "identifier=" + Canonical.SYSTEM_CPR + "|" + cpr;
        String cprToken = "eyJhbGciOiJFUzI1NiJ9." + cpr + ".x";
        List<Http.Response> refused = List.of(
                http.withoutToken().get("Patient?" + byCpr),
                http.withoutToken().post("", "application/fhir+json", body),
                http.withToken(cprToken).post("Patient/_search", "application/x-www-form-urlencoded", byCpr),
                http.withToken(hospitalToken).get("Patient?" + byCpr),
                http.withToken(hospitalToken).post("", "application/fhir+json", body), // another hospital's name: 403
                http.withToken(gpToken).post("Patient/_search", "application/x-www-form-urlencoded", byCpr),
                http.withToken(gpToken).get("ServiceRequest?patient." + byCpr));
        for (Http.Response response : refused) {
            assertThat(response.status()).as(response.text()).isIn(401, 403);
            assertThat(response.text()).doesNotContain(cpr).doesNotContain(cprToken);
            assertThat(String.valueOf(response.header("WWW-Authenticate"))).doesNotContain(cpr);
        }
        LoggerFactory.getLogger(RefusalLogPrivacyTests.class).info("refusal scenario done");
        assertThat(captured.events()).as("the capture sees the log").isNotEmpty();
        for (ILoggingEvent event : captured.events()) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage());
            for (String secret : List.of(cpr, cpr.substring(0, 6) + "-" + cpr.substring(6), hospitalToken, gpToken, cprToken, TestTokens.municipality())) {
                assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
    }
}
