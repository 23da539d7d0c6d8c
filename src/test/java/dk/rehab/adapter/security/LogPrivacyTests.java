package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.GgopPlans;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No log line holds a CPR number or a token: a scenario with known CPR numbers through plan intake (transaction,
 * GGOP), searches by CPR (GET and POST _search), refused requests (401, 403, 422) with the captured log.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class LogPrivacyTests extends IntegrationTest {

    @Test
    void noCprAndNoTokenInTheLog(CapturedOutput log) {
        String cpr = Plans.newCpr();
        String ggopCpr = Plans.newCpr();
        String hospitalToken = TestTokens.of(ClientKind.HOSPITAL, Plans.uniqueSor());
        Http.Response intake = http.post("", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(
                Plans.transaction(cpr, Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(1))));
        assertThat(intake.status()).isEqualTo(200);
        String byCpr = "identifier=" + Canonical.SYSTEM_CPR + "|" + cpr;
        assertThat(http.get("Patient?" + byCpr).resource(Bundle.class).getTotal()).isEqualTo(1);
        assertThat(http.post("Patient/_search", "application/x-www-form-urlencoded", byCpr).resource(Bundle.class).getTotal()).isEqualTo(1);
        assertThat(http.post("ServiceRequest/_search", "application/x-www-form-urlencoded", "patient." + byCpr).resource(Bundle.class).getTotal())
                .isEqualTo(1);
        Http root = http.at("http://localhost:" + port);
        assertThat(root.post("/medcom/ggop", "application/xml; charset=UTF-8", new String(new GgopPlans(ggopCpr).bytes(),
                java.nio.charset.StandardCharsets.UTF_8)).status()).isEqualTo(200);
        List<Http.Response> refused = List.of(
                http.withToken(hospitalToken).get("Patient?" + byCpr),
                http.withoutToken().get("Patient?" + byCpr),
                http.withToken("eyJhbGciOiJFUzI1NiJ9." + cpr + ".x").get("Patient?" + byCpr),
                http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr + "&nonsense=" + cpr),
                http.json("Patient", Plans.patient(cpr.substring(0, 2) + "13" + cpr.substring(4)))); // month 13: invalid-cpr
        for (Http.Response response : refused) {
            assertThat(response.status()).as(response.text()).isBetween(400, 499);
            assertThat(response.text()).doesNotContain(cpr);
        }
        org.slf4j.LoggerFactory.getLogger("dk.rehab.adapter").warn("log privacy scenario done");
        String all = log.getAll();
        assertThat(all).contains("log privacy scenario done"); // the capture sees what the application's loggers write
        String invalid = cpr.substring(0, 2) + "13" + cpr.substring(4);
        for (String secret : List.of(cpr, ggopCpr, invalid, cpr.substring(0, 6) + "-" + cpr.substring(6), hospitalToken, TestTokens.municipality())) {
            assertThat(all).doesNotContain(secret);
        }
    }
}
