package dk.rehab.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What each client kind may do, decided in one place (AccessRules) for the HAPI server, the fast read path and
 * /medcom/ggop: a hospital sees its own plans and never another's (read, vread, history, $original, update, search
 * totals, _include, paging), sends plans only in its own name; GP, reporting and auditor tokens are refused what
 * their kinds do not cover; the scopes of a token narrow what its kind allows.
 */
abstract class AuthorisationTests extends IntegrationTest {
    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.context.ApplicationContext context;

    private String sorA;
    private String sorB;
    private Http hospitalA;
    private Http hospitalB;
    private String planA;
    private String planB;
    private String cprA;
    private String patientA;

    @BeforeEach
    void twoHospitalsWithAPlanEach() {
        sorA = Plans.uniqueSor();
        sorB = Plans.uniqueSor();
        hospitalA = http.withToken(TestTokens.of(ClientKind.HOSPITAL, sorA));
        hospitalB = http.withToken(TestTokens.of(ClientKind.HOSPITAL, sorB));
        cprA = Plans.newCpr();
        Bundle a = send(hospitalA, Plans.transaction(cprA, Plans.hospital(sorA, null), LocalDate.now().minusDays(1)));
        planA = id(a, 3);
        patientA = id(a, 0);
        planB = id(send(hospitalB, Plans.transaction(Plans.newCpr(), Plans.hospital(sorB, null), LocalDate.now().minusDays(1))), 3);
    }

    private Bundle send(Http as, Bundle transaction) {
        Http.Response response = as.post("", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(transaction));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.resource(Bundle.class);
    }

    private static String id(Bundle response, int entry) {
        return response.getEntry().get(entry).getResponse().getLocation().split("/")[1];
    }

    private static void assertHidden(Http.Response response, String id) {
        OperationOutcome outcome = response.assertError(404, "not-found");
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).isEqualTo("there is no ServiceRequest with id " + id);
    }

    private static void assertForbidden(Http.Response response) {
        OperationOutcome outcome = response.assertError(403, "forbidden");
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
    }

    @Test
    void aHospitalReadsItsOwnPlansAndNeverAnothers() {
        assertThat(hospitalA.get("ServiceRequest/" + planA).status()).isEqualTo(200); // the fast read path
        assertThat(hospitalA.send("ServiceRequest/" + planA, "application/fhir+xml").status()).isEqualTo(200); // through HAPI
        assertThat(hospitalA.get("ServiceRequest/" + planA + "/_history/1").status()).isEqualTo(200);
        assertThat(hospitalA.get("ServiceRequest/" + planA + "/$original").status()).isEqualTo(200);

        assertHidden(hospitalA.get("ServiceRequest/" + planB), planB);
        assertHidden(hospitalA.send("ServiceRequest/" + planB, "application/fhir+xml"), planB);
        assertHidden(hospitalA.get("ServiceRequest/" + planB + "/_history/1"), planB);
        assertHidden(hospitalA.get("ServiceRequest/" + planB + "/_history"), planB);
        assertHidden(hospitalA.get("ServiceRequest/" + planB + "/$original"), planB);
        String body = http.get("ServiceRequest/" + planB).text();
        assertHidden(hospitalA.put("ServiceRequest/" + planB, body, "If-Match", "W/\"1\""), planB);
        // an id that does not exist answers the same
        assertHidden(hospitalA.get("ServiceRequest/doesnotexist"), "doesnotexist");
        // hospital B still sees its plan, unchanged
        assertThat(hospitalB.get("ServiceRequest/" + planB).resource(ServiceRequest.class).getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void onlyTheMunicipalityTransfersAPlanNotEvenTheHospitalThatSentIt() {
        String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"provider\",\"valueIdentifier\":{\"system\":\""
                + Canonical.SYSTEM_SOR + "\",\"value\":\"132982256209\"}},{\"name\":\"reason\",\"valueCode\":\"free-choice\"}]}";
        assertForbidden(hospitalA.post("ServiceRequest/" + planA + "/$transfer", "application/fhir+json", parameters));
        assertThat(http.get("ServiceRequest/" + planA).resource(ServiceRequest.class).getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void aHospitalsSearchesCountOnlyItsOwnPlans() {
        for (Http.Response response : List.of(hospitalA.get("ServiceRequest"), hospitalA.get("ServiceRequest?_count=1&_include=ServiceRequest:patient"),
                hospitalA.post("ServiceRequest/_search", "application/x-www-form-urlencoded", "_count=1"))) {
            Bundle found = response.resource(Bundle.class);
            assertThat(found.getTotal()).as(response.text()).isEqualTo(1);
            assertThat(found.getEntry()).filteredOn(e -> e.getResource() instanceof ServiceRequest)
                    .extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(planA);
            assertThat(found.getEntry()).filteredOn(e -> e.getResource() instanceof Patient)
                    .allSatisfy(e -> assertThat(e.getResource().getIdElement().getIdPart()).isEqualTo(patientA));
            assertThat(found.getLink("next")).isNull();
        }
        assertThat(hospitalA.get("ServiceRequest?requester.identifier=" + sorB).resource(Bundle.class).getTotal()).isZero();
        assertForbidden(hospitalA.get("ServiceRequest?_revinclude=EpisodeOfCare:incoming-referral"));
        assertForbidden(hospitalA.post("ServiceRequest/_search", "application/x-www-form-urlencoded", "_revinclude=*"));
        assertThat(hospitalA.get("ServiceRequest?_id=" + planB).resource(Bundle.class).getTotal()).isZero();
        // the municipality sees both
        assertThat(http.get("ServiceRequest?_id=" + planA + "," + planB).resource(Bundle.class).getTotal()).isEqualTo(2);
    }

    @Test
    void aHospitalSendsPlansInItsOwnNameOnly() {
        String cpr = Plans.newCpr();
        Bundle inBsName = Plans.transaction(cpr, Plans.hospital(sorB, null), LocalDate.now().minusDays(1));
        assertForbidden(hospitalA.post("", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(inBsName)));
        assertThat(http.get("Patient?identifier=urn:oid:1.2.208.176.1.2|" + cpr).resource(Bundle.class).getTotal())
                .as("nothing of the refused transaction was stored").isZero();
        String orgB = http.get("ServiceRequest/" + planB).resource(ServiceRequest.class).getRequester().getReference();
        ServiceRequest alone = Plans.plan("Patient/" + patientA, orgB, LocalDate.now().minusDays(1));
        assertForbidden(hospitalA.json("ServiceRequest", alone));
    }

    /** The access check looks into a hospital's bodies before HAPI parses them; a body HAPI's parser crashes on is still the body's fault. */
    @Test
    void aHospitalsMalformedBodyIsABadRequestNotAServerFault() {
        String broken = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"extension\":[42]}";
        hospitalA.post("", "application/fhir+json", broken).assertError(400, "malformed-body");
        hospitalA.post("ServiceRequest", "application/fhir+json", "{\"resourceType\":\"ServiceRequest\",\"extension\":[42]}")
                .assertError(400, "malformed-body");
    }

    @Test
    void aHospitalSendsPlanMessagesInItsOwnNameOnly() {
        String cpr = Plans.newCpr();
        String message = fhir.newJsonParser().encodeResourceToString(dk.rehab.adapter.support.Messages.newPlan(cpr, LocalDate.now().minusDays(1)));
        assertForbidden(hospitalA.post("$process-message", "application/fhir+json", message));
        assertThat(http.get("Patient?identifier=urn:oid:1.2.208.176.1.2|" + cpr).resource(Bundle.class).getTotal()).isZero();
        Http sender = http.withToken(TestTokens.of(ClientKind.HOSPITAL, dk.rehab.adapter.support.Messages.HOSPITAL_SOR));
        Http.Response accepted = sender.post("$process-message", "application/fhir+json", message);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(http.get("Patient?identifier=urn:oid:1.2.208.176.1.2|" + cpr).resource(Bundle.class).getTotal()).isEqualTo(1);
    }

    @org.junit.jupiter.api.extension.RegisterExtension
    final dk.rehab.adapter.support.CapturedLog log = new dk.rehab.adapter.support.CapturedLog();

    /**
     * A refusal is an answer, not a fault: 403 outside the scopes, 404 outside the compartment and 401 log no ERROR (HAPI
     * logs what interceptors throw at ERROR with a stack trace; fhir/QuietRefusals drops exactly those), while the
     * refusals are still answered and audited.
     */
    @Test
    void refusalsAreAnsweredWithoutErrorLines() {
        assertForbidden(hospitalA.get("EpisodeOfCare"));
        hospitalB.get("ServiceRequest/" + planA).assertError(404, "not-found");
        assertForbidden(http.withToken(TestTokens.of(ClientKind.GP, "012345")).get("ServiceRequest"));
        http.withoutToken().get("ServiceRequest/" + planA).assertError(401, "unauthenticated");
        assertThat(log.events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR))
                .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).isEmpty();
    }

    @Test
    void aHospitalIsRefusedWhatItsKindDoesNotCover() {
        assertThat(hospitalA.get("Patient/" + patientA).status()).as("the patient of its own plan").isEqualTo(200);
        hospitalB.get("Patient/" + patientA).assertError(404, "not-found");
        assertForbidden(hospitalA.get("Patient?identifier=urn:oid:1.2.208.176.1.2|" + cprA));
        assertForbidden(hospitalA.post("Patient/_search", "application/x-www-form-urlencoded", "identifier=urn:oid:1.2.208.176.1.2|" + cprA));
        assertForbidden(hospitalA.get("EpisodeOfCare"));
        assertForbidden(hospitalA.get("Appointment"));
        assertForbidden(hospitalA.get("Condition"));
        assertThat(hospitalA.post("ServiceRequest/$validate", "application/fhir+json", "{\"resourceType\":\"ServiceRequest\"}").status())
                .as("$validate needs the create scope, which a hospital has for plans").isEqualTo(200);
    }

    @Test
    void gpReportingAndAuditorTokensAreRefusedPlansCitizensAndMessages() {
        for (Http other : List.of(http.withToken(TestTokens.of(ClientKind.GP, "012345")), http.withToken(TestTokens.of(ClientKind.REPORTING, null)),
                http.withToken(TestTokens.of(ClientKind.AUDITOR, null)))) {
            assertForbidden(other.get("ServiceRequest/" + planA));
            assertForbidden(other.get("ServiceRequest"));
            assertForbidden(other.get("Patient?identifier=urn:oid:1.2.208.176.1.2|" + cprA));
            assertForbidden(other.get("EpisodeOfCare"));
            assertForbidden(other.post("", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(
                    Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), LocalDate.now()))));
            assertForbidden(other.post("$process-message", "application/fhir+json", "{\"resourceType\":\"Bundle\",\"type\":\"message\"}"));
            assertForbidden(other.at("http://localhost:" + port).post("/medcom/ggop", "application/xml", "<Emessage/>"));
            assertThat(other.withoutToken().get("metadata").status()).isEqualTo(200);
        }
    }

    @Test
    void aGpAndAHospitalSeeTheFinalStatusesTasksAndPatientsAddressedToThem() {
        String ydernummer = String.valueOf(100000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(800000));
        long glnBase = 579000000000L + java.util.concurrent.ThreadLocalRandom.current().nextLong(999999);
        String gln = Plans.gln(String.valueOf(glnBase));
        String[] mine = finishedCourseAddressedTo(ydernummer, gln);
        // another hospital: the twelve digits before the check digit differ (a fixed last digit collided in 1 of 10 runs)
        String[] others = finishedCourseAddressedTo(String.valueOf(Integer.parseInt(ydernummer) + 1), Plans.gln(String.valueOf(glnBase + 1)));
        Http gp = http.withToken(TestTokens.of(ClientKind.GP, ydernummer));
        Http hospital = http.withToken(TestTokens.of(ClientKind.HOSPITAL, gln));
        for (Http receiver : List.of(gp, hospital)) {
            assertThat(receiver.get("DocumentReference/" + mine[1]).status()).isEqualTo(200);
            assertThat(receiver.get("Patient/" + mine[0]).status()).isEqualTo(200);
            receiver.get("DocumentReference/" + others[1]).assertError(404, "not-found");
            receiver.get("Patient/" + others[0]).assertError(404, "not-found");
            Bundle documents = receiver.get("DocumentReference?_count=50").resource(Bundle.class);
            assertThat(documents.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(mine[1]);
            assertThat(documents.getTotal()).isEqualTo(1);
            Bundle tasks = receiver.get("Task").resource(Bundle.class);
            assertThat(tasks.getTotal()).isEqualTo(1);
            String task = tasks.getEntryFirstRep().getResource().getIdElement().getIdPart();
            assertThat(receiver.get("Task/" + task).status()).isEqualTo(200);
            assertThat(receiver.post("Task/_search", "application/x-www-form-urlencoded", "focus=DocumentReference/" + others[1])
                    .resource(Bundle.class).getTotal()).isZero();
            assertForbidden(receiver.post("Task/" + task + "/$retry", "application/fhir+json", "{\"resourceType\":\"Parameters\"}"));
            assertForbidden(receiver.get("EpisodeOfCare"));
            assertForbidden(receiver.get("Patient?_id=" + mine[0]));
            assertForbidden(receiver.post("DocumentReference/" + mine[1] + "/$correct", "application/fhir+json", "{\"resourceType\":\"Parameters\"}"));
            assertForbidden(receiver.get("Observation/$lastn?patient=Patient/" + mine[0]));
            assertForbidden(receiver.post("EpisodeOfCare/$validate", "application/fhir+json", "{\"resourceType\":\"EpisodeOfCare\"}"));
        }
        Bundle otherTasks = http.get("Task?focus=DocumentReference/" + others[1]).resource(Bundle.class);
        assertThat(otherTasks.getTotal()).as("the municipality sees the other deliveries").isEqualTo(2);
        String otherTask = otherTasks.getEntryFirstRep().getResource().getIdElement().getIdPart();
        gp.get("Task/" + otherTask).assertError(404, "not-found");
    }

    /** A plan with a GP copy to {@code ydernummer} and the final status to the hospital {@code gln}, its course finished; {patient, final status}. */
    private String[] finishedCourseAddressedTo(String ydernummer, String gln) {
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(null, gln), LocalDate.now().minusDays(20));
        ServiceRequest plan = Plans.planOf(tx);
        Plans.consent(plan, true);
        org.hl7.fhir.r4.model.Extension gpCopy = new org.hl7.fhir.r4.model.Extension(dk.rehab.adapter.fhir.Canonical.EXT_GP_COPY);
        gpCopy.addExtension("wanted", new org.hl7.fhir.r4.model.BooleanType(true));
        gpCopy.addExtension("receiver", new org.hl7.fhir.r4.model.Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier()
                .setSystem(dk.rehab.adapter.fhir.Canonical.SYSTEM_YDERNUMMER).setValue(ydernummer)));
        plan.addExtension(gpCopy);
        plan.addExtension(new org.hl7.fhir.r4.model.Extension(dk.rehab.adapter.fhir.Canonical.EXT_FINAL_STATUS_RECEIVER,
                new org.hl7.fhir.r4.model.Reference(tx.getEntry().get(1).getFullUrl())));
        Bundle answer = send(http, tx);
        String patient = id(answer, 0);
        dk.rehab.adapter.support.CourseFixtures fixtures = new dk.rehab.adapter.support.CourseFixtures(context);
        String course = fixtures.course(patient, id(answer, 3), fixtures.therapist(), fixtures.centre(), "sul-140", LocalDate.now().minusDays(15));
        fixtures.finish(course, LocalDate.now().minusDays(1), "Ikke yderligere behov (fagpersons vurdering)");
        Bundle found = http.get("DocumentReference?course=EpisodeOfCare/" + course).resource(Bundle.class);
        assertThat(found.getEntry()).as("the final status").hasSize(1);
        String document = found.getEntryFirstRep().getResource().getIdElement().getIdPart();
        long until = System.currentTimeMillis() + 20_000;
        while (http.get("Task?focus=DocumentReference/" + document).resource(Bundle.class).getTotal() < 2 && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new String[] {patient, document};
    }

    @Test
    void aTokensScopesNarrowWhatItsKindAllows() {
        Instant now = Instant.now();
        String readPlansOnly = LocalTokens.mint(TestTokens.key(), LocalTokens.claims(LocalSigningKey.ISSUER, LocalSigningKey.DEFAULT_AUDIENCE,
                ClientKind.MUNICIPALITY, null, "system/ServiceRequest.rs patient/*.cruds", now, now.plusSeconds(600)).build());
        Http limited = http.withToken(readPlansOnly);
        assertThat(limited.get("ServiceRequest/" + planA).status()).isEqualTo(200);
        assertThat(limited.get("ServiceRequest?_id=" + planB).resource(Bundle.class).getTotal()).isEqualTo(1);
        assertForbidden(limited.get("Patient/" + patientA));
        assertForbidden(limited.json("Patient", Plans.patient(Plans.newCpr())));
        String body = http.get("ServiceRequest/" + planA).text();
        assertForbidden(limited.put("ServiceRequest/" + planA, body, "If-Match", "W/\"1\""));
        assertForbidden(limited.post("", "application/fhir+json", fhir.newJsonParser().encodeResourceToString(
                Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), LocalDate.now()))));
        assertForbidden(limited.at("http://localhost:" + port).post("/medcom/ggop", "application/xml", "<Emessage/>"));
    }
}
