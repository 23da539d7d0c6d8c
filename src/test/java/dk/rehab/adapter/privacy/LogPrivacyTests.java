package dk.rehab.adapter.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dk.rehab.adapter.support.GgopPlans;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * CPR numbers stay out of logs and error messages (issue 11, item 4). A scenario sends known CPR numbers through every
 * kind of endpoint — transaction, create, read, search (GET and POST _search), plan message, GGOP — valid and broken,
 * with every log line of the application captured; no line, and no error answer, may contain a CPR number, in the
 * plain ({@code ddmmyyxxxx}) or the hyphenated ({@code ddmmyy-xxxx}) form.
 */
abstract class LogPrivacyTests extends IntegrationTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    final dk.rehab.adapter.support.CapturedLog captured = new dk.rehab.adapter.support.CapturedLog();
    private final List<String> cprs = new ArrayList<>();
    private final List<Http.Response> answers = new ArrayList<>();

    private String cpr() {
        String cpr = Plans.newCpr();
        cprs.add(cpr);
        return cpr;
    }

    private Http.Response keep(Http.Response response) {
        answers.add(response);
        return response;
    }

    @Test
    void noCprNumberInAnyLogLineOrErrorAnswer() {
        LocalDate discharge = LocalDate.now().minusDays(1);
        String planned = cpr();
        Bundle tx = Plans.transaction(planned, Plans.hospital(Plans.uniqueSor(), null), discharge);
        Http.Response stored = keep(http.json("", tx, "Prefer", "return=representation"));
        assertThat(stored.status()).as(stored.text()).isEqualTo(200);
        String patientId = stored.resource(Bundle.class).getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof Patient).findFirst().orElseThrow().getIdElement().getIdPart();
        keep(http.json("", tx)); // the same again: matched, nothing new
        keep(http.get("Patient/" + patientId));
        String token = URLEncoder.encode("urn:oid:1.2.208.176.1.2|" + planned, StandardCharsets.UTF_8);
        keep(http.post("ServiceRequest/_search", "application/x-www-form-urlencoded", "patient.identifier=" + token));
        keep(http.post("Patient/_search", "application/x-www-form-urlencoded", "identifier=" + token));
        keep(http.get("ServiceRequest?patient.identifier=" + token));
        keep(http.get("Patient?identifier=urn:oid:1.2.208.176.1.2|" + planned + "&_count=x"));

        // refused: a CPR with an impossible date part, a Patient whose CPR another Patient has, a broken body around a CPR
        String broken = cpr().substring(0, 2) + "13" + cprs.get(cprs.size() - 1).substring(4);
        cprs.add(broken);
        keep(http.json("Patient", Plans.patient(broken)));
        keep(http.json("", Plans.transaction(broken, Plans.hospital(Plans.uniqueSor(), null), discharge)));
        keep(http.post("Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
                + "\"urn:oid:1.2.208.176.1.2\",\"value\":\"" + cpr() + "\"}],\"birthDate\":\"" + cprs.get(cprs.size() - 1) + "\"}"));
        keep(http.post("Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":" + cpr() + "}"));

        // messages and GGOP, accepted and refused
        Http.Response message = keep(http.json("$process-message", Messages.newPlan(cpr(), discharge)));
        assertThat(message.text()).as("the plan message was accepted").contains("\"code\":\"ok\"");
        keep(http.json("$process-message", Messages.newPlan(broken, discharge)));
        String ggopCpr = cpr();
        Http medcom = new Http(fhir, "http://localhost:" + port);
        Http.Response ggop = keep(medcom.postBytes("medcom/ggop", "application/xml", new GgopPlans(ggopCpr).bytes()));
        assertThat(ggop.text()).as("the GGOP was accepted").contains("\"code\":\"ok\"");
        keep(medcom.postBytes("medcom/ggop", "application/xml", new GgopPlans(broken).bytes()));
        keep(medcom.postBytes("medcom/ggop", "application/xml", ("<Emessage><Patient>" + cpr() + "</Patient>").getBytes(StandardCharsets.UTF_8)));

        // The capture is attached: a line of our own must be in it. (The scenario itself may log nothing when an earlier
        // test of the same JVM has already caused the first-request initialisation lines of the shared context.)
        LoggerFactory.getLogger("dk.rehab.adapter").info("log privacy scenario done");
        assertThat(captured.events()).as("the capture sees the application's loggers")
                .anyMatch(e -> e.getFormattedMessage().equals("log privacy scenario done"));
        for (ILoggingEvent event : captured.events()) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage());
            for (String cpr : cprs) {
                assertThat(line).as("log line of %s", event.getLoggerName()).doesNotContain(cpr)
                        .doesNotContain(cpr.substring(0, 6) + "-" + cpr.substring(6));
            }
        }
        assertThat(answers).filteredOn(a -> a.status() >= 400).as("refused requests").hasSizeGreaterThanOrEqualTo(4);
        for (Http.Response answer : answers) {
            if (answer.status() >= 400 || answer.text().contains("OperationOutcome")) {
                String outcome = answer.text();
                for (String cpr : cprs) {
                    // the stored resources echo the request; only the error parts of an answer are checked
                    assertThat(diagnostics(outcome)).as("error answer %s", answer.status()).doesNotContain(cpr);
                }
            }
        }
    }

    /** The diagnostics, details and expression texts of the OperationOutcomes in an answer. */
    private static String diagnostics(String answer) {
        StringBuilder text = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(diagnostics|text|expression)\"\\s*:\\s*(\"[^\"]*\"|\\[[^\\]]*\\])").matcher(answer);
        while (m.find()) {
            text.append(m.group(2)).append('\n');
        }
        return text.toString();
    }
}
