package dk.rehab.adapter.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.GgopPlans;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Messages;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.RawHttp;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * The inputs that were once answered 500 (issue 14), each with the 4xx and OperationOutcome a client sees now, and
 * the request limits ({@code adapter.limits.*}) with their own codes.
 */
abstract class InputFaultTests extends IntegrationTest {
    private static final LocalDate DISCHARGE = LocalDate.now().minusDays(1);

    private static String expression(OperationOutcome outcome, String code) {
        return outcome.getIssue().stream().filter(i -> code.equals(i.getDetails().getCodingFirstRep().getCode()))
                .findFirst().orElseThrow().getExpression().get(0).getValue();
    }

    private int plansOf(String cpr) {
        return http.get("ServiceRequest?patient.identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class).getTotal();
    }

    private static void codelessCategory(ServiceRequest plan) {
        plan.getCategoryFirstRep().getCodingFirstRep().setCode(null);
    }

    @Test
    void aCategoryCodingWithoutACodeIsARequiredElementInATransaction() {
        String cpr = Plans.newCpr();
        Bundle tx = Plans.transaction(cpr, Plans.hospital(Plans.uniqueSor(), null), DISCHARGE);
        codelessCategory(Plans.planOf(tx));

        OperationOutcome outcome = http.json("", tx).assertError(422, "required-element-missing");

        assertThat(expression(outcome, "required-element-missing")).isEqualTo("Bundle.entry[3].resource.category[0].coding[0].code");
        assertThat(plansOf(cpr)).isZero();
        assertThat(http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).resource(Bundle.class).getTotal()).isZero();
    }

    @Test
    void aCategoryCodingWithoutACodeIsARequiredElementInACreate() {
        ServiceRequest plan = Plans.plan("Patient/x", "Organization/y", DISCHARGE);
        codelessCategory(plan);
        plan.getCategoryFirstRep().addCoding(new Coding(Canonical.CS_CARE_SOCIAL, null, "second coding without code"));

        OperationOutcome outcome = http.json("ServiceRequest", plan).assertError(422, "required-element-missing");

        assertThat(outcome.getIssue()).extracting(i -> i.getExpression().get(0).getValue())
                .contains("ServiceRequest.category[0].coding[0].code", "ServiceRequest.category[0].coding[1].code");
    }

    @Test
    void aCategoryCodingWithoutACodeInAPlanMessageIsAFatalErrorNotATransientOne() {
        String cpr = Plans.newCpr();
        Bundle message = Messages.newPlan(cpr, DISCHARGE);
        codelessCategory(Messages.plan(message));

        Http.Response response = http.post("$process-message", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(message));

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        Bundle ack = response.resource(Bundle.class);
        assertThat(Messages.ackHeader(ack).getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.FATALERROR);
        assertThat(Messages.errorCodes(ack)).contains("required-element-missing");
        OperationOutcome.OperationOutcomeIssueComponent issue = Messages.ackOutcome(ack).getIssue().stream()
                .filter(i -> "required-element-missing".equals(i.getDetails().getText())).findFirst().orElseThrow();
        assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo("MSG_RESOURCE_REQUIRED");
        assertThat(issue.getExpression().get(0).getValue()).endsWith(".category[0].coding[0].code");
        assertThat(plansOf(cpr)).isZero();
    }

    /** Found by the fuzz suite (seed 14, with the Group examples): a cancellation reason coding without a code was a 500. */
    @Test
    void aCancellationReasonWithoutACodeIsRefusedNotAServerFault() {
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), DISCHARGE);
        Bundle answer = http.json("", tx).resource(Bundle.class);
        String patient = answer.getEntry().get(0).getResponse().getLocation().split("/_history")[0];
        String plan = answer.getEntry().get(3).getResponse().getLocation().split("/_history")[0];
        String therapist = "Practitioner/" + http.json("Practitioner", dk.rehab.adapter.support.Courses.therapist("Holm"))
                .resource(org.hl7.fhir.r4.model.Practitioner.class).getIdElement().getIdPart();
        Http.Response course = http.json("EpisodeOfCare", dk.rehab.adapter.support.Courses.course(patient, plan, "sul-140", "geriatri", null));
        assertThat(course.status()).as(course.text()).isEqualTo(201);
        String courseRef = "EpisodeOfCare/" + course.resource(org.hl7.fhir.r4.model.EpisodeOfCare.class).getIdElement().getIdPart();
        org.hl7.fhir.r4.model.Appointment session = dk.rehab.adapter.support.Courses.session(courseRef, patient, "individual",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusDays(1).withNano(0), 45, null, therapist);
        session.setStatus(org.hl7.fhir.r4.model.Appointment.AppointmentStatus.CANCELLED);
        session.getCancelationReason().addCoding().setSystem(Canonical.CS_CANCELLATION_REASONS);
        Http.Response refused = http.json("Appointment", session);
        assertThat(refused.status()).as(refused.text()).isBetween(400, 499);
        assertThat(refused.outcome().getIssue()).isNotEmpty();
    }

    /** Found by the fuzz suite (seed 14, with the Group examples): a transfer message's plan with a date of 13 fraction digits was a 500. */
    @Test
    void aTransferMessageWhosePlanHasADateItsDatatypeRefusesIsNotAServerFault() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var message = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(java.nio.file.Files.readString(
                java.nio.file.Path.of("examples/invalid/Bundle-transfer-message-without-reason.json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) message.path("entry").path(1).path("resource").path("extension").path(2))
                .put("valueDate", "2026-12-03T10:00:00.1234567890123Z");
        Http.Response answer = http.post("$process-message", "application/fhir+json", message.toString());
        assertThat(answer.status()).as(answer.text()).isLessThan(500);
        if (answer.status() == 200) {
            MessageHeader header = (MessageHeader) answer.resource(Bundle.class).getEntryFirstRep().getResource();
            assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.FATALERROR);
        }
    }

    @Test
    void aRepeatedGpCopyExtensionIsRefusedNamingTheSecond() {
        ServiceRequest plan = Plans.plan("Patient/x", "Organization/y", DISCHARGE);
        for (int i = 0; i < 2; i++) {
            Extension gp = new Extension(Canonical.EXT_GP_COPY);
            gp.addExtension("wanted", new BooleanType(true));
            plan.addExtension(gp);
        }

        OperationOutcome outcome = http.json("ServiceRequest", plan).assertError(422, "invalid-value");

        assertThat(expression(outcome, "invalid-value")).isEqualTo("ServiceRequest.extension[2]");
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("gp-copy").contains("once");
        ServiceRequest subRepeated = Plans.plan("Patient/x", "Organization/y", DISCHARGE);
        Extension gp = new Extension(Canonical.EXT_GP_COPY);
        gp.addExtension("wanted", new BooleanType(true));
        gp.addExtension("wanted", new BooleanType(false));
        subRepeated.addExtension(gp);
        assertThat(expression(http.json("ServiceRequest", subRepeated).assertError(422, "invalid-value"), "invalid-value"))
                .isEqualTo("ServiceRequest.extension[1].extension[1]");
    }

    @Test
    void aGgopNestedTwentyThousandDeepIsRefusedBeforeItIsParsed() {
        String plan = new GgopPlans(Plans.newCpr()).xml();
        int at = plan.indexOf("<RehabilitationPlan>") + "<RehabilitationPlan>".length();
        String deep = plan.substring(0, at) + "<a>".repeat(20_000) + "</a>".repeat(20_000) + plan.substring(at);

        Http.Response response = new Http(fhir, "http://localhost:" + port).postBytes("/medcom/ggop", "application/xml", deep.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(response.header("Content-Type")).startsWith("application/fhir+json");
        response.assertError(400, "nesting-too-deep");
    }

    @Test
    void jsonNestedTooDeepIsRefusedOnEveryFhirWrite() {
        String deep = "{\"resourceType\":\"Patient\",\"extension\":" + "[{\"extension\":".repeat(5_000) + "[]" + "}]".repeat(5_000) + "}";

        http.post("Patient", "application/fhir+json", deep).assertError(400, "nesting-too-deep");
        http.post("", "application/fhir+json", deep).assertError(400, "nesting-too-deep");
        http.post("$process-message", "application/fhir+json", deep).assertError(400, "nesting-too-deep");
        String shallow = "{\"resourceType\":\"Patient\",\"extension\":" + "[{\"extension\":".repeat(40) + "[]" + "}]".repeat(40) + "}";
        assertThat(http.post("Patient", "application/fhir+json", shallow).outcome().getIssueFirstRep().getDetails()
                .getCodingFirstRep().getCode()).isNotEqualTo("nesting-too-deep");
    }

    @Test
    void aBadUrlEscapeInASearchIsABadRequest() {
        RawHttp raw = new RawHttp(fhir, port);

        Http.Response percent = raw.send("GET", "/fhir/Condition?code=%", null);
        Http.Response badPair = raw.send("GET", "/fhir/ServiceRequest?identifier=%zz", null);
        Http.Response inPath = raw.send("GET", "/fhir/Patient/%", null);

        assertThat(percent.header("Content-Type")).startsWith("application/fhir+json");
        assertThat(percent.assertError(400, "invalid-search-parameter").getIssueFirstRep().getDiagnostics()).contains("escape");
        badPair.assertError(400, "invalid-search-parameter");
        assertThat(inPath.status()).as(inPath.text()).isEqualTo(400);
        assertThat(inPath.outcome().getIssueFirstRep().getDetails().getCodingFirstRep().getSystem()).isEqualTo(Canonical.CS_ERROR);
    }

    @Test
    void aQueryStringLargerThanTheHeaderLimitIs431WithAnOperationOutcome() {
        Http.Response tenKb = http.get("Condition?code=" + "A".repeat(10_000));
        Http.Response tooLarge = http.get("Condition?code=" + "A".repeat(20_000));
        Http.Response hugeHeader = http.getWith("metadata", "X-Padding", "p".repeat(20_000));

        assertThat(tenKb.status()).as(tenKb.text()).isLessThan(500);
        assertThat(tenKb.header("Content-Type")).startsWith("application/fhir+json");
        assertThat(tooLarge.header("Content-Type")).startsWith("application/fhir+json");
        tooLarge.assertError(431, "headers-too-large");
        hugeHeader.assertError(431, "headers-too-large");
    }

    @Test
    void anUpdateMustNameTheVersionAsAWeakETag() {
        String cpr = Plans.newCpr();
        Bundle tx = Plans.transaction(cpr, Plans.hospital(Plans.uniqueSor(), null), DISCHARGE);
        Bundle created = http.json("", tx).resource(Bundle.class);
        String path = created.getEntry().get(3).getResponse().getLocation().replaceAll("/_history/.*", "");
        ServiceRequest plan = http.get(path).resource(ServiceRequest.class);
        String body = fhir.newJsonParser().encodeResourceToString(plan);

        http.put(path, body).assertError(428, "precondition-required");
        http.put(path, body, "If-Match", "").assertError(400, "invalid-request");
        http.put(path, body, "If-Match", "\"1\"").assertError(400, "invalid-request");
        http.put(path, body, "If-Match", "W/\"one\"").assertError(400, "invalid-request");
        http.put(path, body, "If-Match", "*").assertError(400, "invalid-request");
        http.put(path, body, "If-Match", "W/\"2\"").assertError(412, "precondition-failed");
        assertThat(http.get(path).resource(ServiceRequest.class).getMeta().getVersionId()).isEqualTo("1");
        assertThat(http.put(path, body, "If-Match", "W/\"1\"").status()).isEqualTo(200);
    }

    @Test
    void aBodyLargerThanTheLimitIs413() {
        byte[] body = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';

        Http.Response response = http.postBytes("Patient", "application/fhir+json", body);

        response.assertError(413, "payload-too-large");
    }

    @Test
    void aTransactionWithMoreEntriesThanTheLimitIs413() {
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; i < 1001; i++) {
            json.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Organization\",\"name\":\"x\"},"
                    + "\"request\":{\"method\":\"POST\",\"url\":\"Organization\"}}");
        }
        json.append("]}");

        http.post("", "application/fhir+json", json.toString()).assertError(413, "too-many-entries");
    }

    // The 500s the fuzz suite found (seed 14), each as a client sees it now.

    @Test
    void anExtensionArrayHoldingANumberIsAMalformedBody() {
        http.post("Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"extension\":[42]}").assertError(400, "malformed-body");
        http.post("ServiceRequest", "application/fhir+json", "{\"resourceType\":\"ServiceRequest\",\"extension\":[{\"url\":\"x\",\"extension\":[\"a\"]}]}")
                .assertError(400, "malformed-body");
        http.post("Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"\":{\"id\":\"x\"}}").assertError(400, "malformed-body");
    }

    @Test
    void aDateWithMillisecondsInADateElementIsAnInvalidValue() {
        String body = "{\"resourceType\":\"Patient\",\"birthDate\":\"2026-12-03T10:00:00.1234567890123Z\"}";

        http.post("Patient", "application/fhir+json", body).assertError(422, "invalid-value");
    }

    @Test
    void aCreateWithoutABodyIsMalformed() {
        Http.Response response = new RawHttp(fhir, port).send("POST", "/fhir/Condition", new byte[0], "Content-Type", "");

        assertThat(response.status()).as(response.text()).isBetween(400, 415);
        assertThat(response.outcome().getIssueFirstRep().getDetails().getCodingFirstRep().getSystem()).isEqualTo(Canonical.CS_ERROR);
    }

    @Test
    void aGgopWithADateThatDoesNotExistIsAFatalErrorAcknowledgement() {
        String cpr = Plans.newCpr();
        byte[] ggop = new GgopPlans(cpr).set(g -> g.discharge = "2026-13-45").bytes();

        Http.Response response = new Http(fhir, "http://localhost:" + port).postBytes("/medcom/ggop", "application/xml", ggop);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        Bundle ack = response.resource(Bundle.class);
        assertThat(Messages.ackHeader(ack).getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.FATALERROR);
        assertThat(Messages.errorCodes(ack)).contains("invalid-value");
        assertThat(plansOf(cpr)).isZero();
    }

    @Test
    void aGgopWithAnIdentifierLongerThanAnyIsRefusedNotRetried() {
        String cpr = Plans.newCpr();
        Http ggop = new Http(fhir, "http://localhost:" + port);

        Http.Response envelope = ggop.postBytes("/medcom/ggop", "application/xml", new GgopPlans(cpr).set(g -> g.envelopeId = "9".repeat(70_000)).bytes());
        Http.Response letter = ggop.postBytes("/medcom/ggop", "application/xml", new GgopPlans(cpr).set(g -> g.letterId = "9".repeat(300)).bytes());

        envelope.assertError(422, "invalid-identifier");
        letter.assertError(422, "invalid-identifier");
        assertThat(plansOf(cpr)).isZero();
    }

    @Test
    void aPlanIdentifierLongerThanTheAdapterKeepsIsAnInvalidIdentifier() {
        ServiceRequest plan = Plans.plan("Patient/x", "Organization/y", DISCHARGE);
        plan.getIdentifierFirstRep().setValue("urn:uuid:" + "a".repeat(70_000));

        OperationOutcome outcome = http.json("ServiceRequest", plan).assertError(422, "invalid-identifier");

        assertThat(expression(outcome, "invalid-identifier")).isEqualTo("ServiceRequest.identifier[0].value");
    }

    @Test
    void methodsAndPathsNothingServesAreOperationOutcomes() {
        RawHttp raw = new RawHttp(fhir, port);

        raw.send("DELETE", "/medcom/ggop", null).assertError(405, "method-not-allowed");
        raw.send("PROPFIND", "/fhir/Patient", null).assertError(405, "method-not-allowed");
        raw.send("GET", "/nothing-here", null).assertError(404, "not-found");
    }

    @Test
    void aNulCharacterInASearchOrAValueIsRefused() {
        RawHttp raw = new RawHttp(fhir, port);

        raw.send("GET", "/fhir/ServiceRequest?_id=%00&subject=a", null).assertError(400, "invalid-search-parameter");
        raw.send("POST", "/fhir/ServiceRequest/_search", "status=%00".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded").assertError(400, "invalid-search-parameter");
        ServiceRequest plan = Plans.plan("Patient/x", "Organization/y", DISCHARGE);
        plan.getIdentifierFirstRep().setValue("urn:uuid:a\u0000b");
        assertThat(expression(http.json("ServiceRequest", plan).assertError(422, "invalid-value"), "invalid-value"))
                .isEqualTo("ServiceRequest.identifier[0].value");
    }

    @Test
    void codingsWithoutACodeAndAnEmptyPathSegmentAreClientErrors() {
        RawHttp raw = new RawHttp(fhir, port);
        String organization = "{\"resourceType\":\"Organization\",\"name\":\"x\",\"identifier\":[{\"value\":\"123\"}]}";
        String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"extension\":[{\"url\":\""
                + Canonical.EXT_ASSESSMENT_PHASE + "\",\"valueCoding\":{\"system\":\"" + Canonical.CS_ASSESSMENT_PHASE + "\"}}]}";

        raw.send("GET", "/fhir//Patient", null).assertError(400, "invalid-request");
        assertThat(http.post("Organization", "application/fhir+json", organization).status()).isEqualTo(422);
        Http.Response phase = http.post("Observation", "application/fhir+json", observation);
        assertThat(phase.status()).as(phase.text()).isEqualTo(422);
        assertThat(phase.outcome().getIssue()).anyMatch(i -> "unknown-code".equals(i.getDetails().getCodingFirstRep().getCode()));
    }
}
