package dk.rehab.adapter.export;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import dk.rehab.adapter.audit.Audits;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.security.LocalSigningKey;
import dk.rehab.adapter.security.LocalTokens;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import dk.rehab.adapter.validation.ProfileValidator;
import dk.rehab.adapter.validation.ValidatorHolder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * FHIR Bulk Data export ($export, Bulk Data Access 2.0.0) as a client sees it: the kick-off answered 202 with a status
 * URL, the status URL answering 202 with X-Progress and then the manifest, the NDJSON files (each line a resource of the
 * file's type, validating against the profiles), _type and _since, the version at the transaction time, every bad
 * parameter, cancelling, who may export and who may see a job, the audit trail, and a job interrupted by a restart.
 */
@TestPropertySource(properties = {"adapter.export.file-size=3", "adapter.export.settle=PT0.5S"})
abstract class BulkExportTests extends BulkExportSupport {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ValidatorHolder validator;
    @Autowired
    Audits audits;
    @Autowired
    ExportJobs jobs;

    /** Citizens with a plan each: Patient, hospital Organization, Condition, ServiceRequest. Returns the four references of each. */
    private List<Map<String, String>> citizens(int n) {
        List<Map<String, String>> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(2));
            Http.Response response = http.json("", tx);
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            Map<String, String> refs = new LinkedHashMap<>();
            for (Bundle.BundleEntryComponent entry : response.resource(Bundle.class).getEntry()) {
                String location = entry.getResponse().getLocation().split("/_history")[0];
                refs.put(location.split("/")[0], location);
            }
            made.add(refs);
        }
        return made;
    }

    // ---- kick-off, poll, download

    @Test
    void patientExportKicksOffPollsAndDownloadsNdjson() throws Exception {
        List<Map<String, String>> made = citizens(4);
        String status = kickoff(http, "Patient/$export?_type=Patient,ServiceRequest&_outputFormat=application%2Ffhir%2Bndjson");
        Http.Response running = root().get(status);
        // the job waits adapter.export.settle (0.5 s here) before it reads: normally still running (a slow machine may be past it)
        assertThat(running.status()).isIn(200, 202);
        if (running.status() == 202) {
            assertThat(running.header("X-Progress")).isNotBlank();
            assertThat(running.header("Retry-After")).isEqualTo("1");
        }

        JsonNode manifest = manifest(root(), status);
        Instant transactionTime = Instant.parse(manifest.get("transactionTime").asText());
        assertThat(manifest.get("request").asText()).isEqualTo(base() + "/Patient/$export?_type=Patient,ServiceRequest&_outputFormat=application%2Ffhir%2Bndjson");
        assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
        assertThat(manifest.get("error")).isEmpty();
        List<String> types = new ArrayList<>();
        manifest.get("output").forEach(o -> types.add(o.get("type").asText()));
        assertThat(types).containsOnly("Patient", "ServiceRequest");
        assertThat(types.stream().filter("Patient"::equals).count()).as("files of 3 resources").isGreaterThan(1);

        Map<String, List<Resource>> exported = download(root(), manifest);
        for (String type : List.of("Patient", "ServiceRequest")) {
            Integer stored = jdbc.queryForObject("select count(*) from resource where res_type = ? and last_updated <= ?", Integer.class,
                    type, java.sql.Timestamp.from(transactionTime));
            assertThat(exported.get(type)).as(type).hasSize(stored);
            Set<String> ids = ids(exported.get(type));
            made.forEach(m -> assertThat(ids).contains(m.get(type)));
        }
        // a sample of each type validates against the profiles, as everything the server returns does
        ProfileValidator profiles = validator.get();
        for (List<Resource> resources : exported.values()) {
            for (Resource resource : resources.subList(Math.max(0, resources.size() - 2), resources.size())) {
                List<SingleValidationMessage> errors = profiles.errors(resource);
                assertThat(errors).as("%s: %s", resource.getId(), errors).isEmpty();
            }
        }
    }

    @Test
    void systemExportHoldsEveryStoredTypeAndPostWorksToo() throws Exception {
        Map<String, String> citizen = citizens(1).get(0);
        JsonNode manifest = manifest(root(), kickoff(http, "$export"));
        Map<String, List<Resource>> exported = download(root(), manifest);
        assertThat(exported.keySet()).contains("Patient", "Organization", "Condition", "ServiceRequest")
                .allMatch(ExportLevel.SYSTEM.types()::contains);
        citizen.forEach((type, ref) -> assertThat(ids(exported.get(type))).contains(ref));

        Http.Response post = http.post("$export", "application/fhir+json", "{\"resourceType\":\"Parameters\",\"parameter\":["
                + "{\"name\":\"_type\",\"valueString\":\"Condition\"},{\"name\":\"_outputFormat\",\"valueString\":\"ndjson\"}]}", "Prefer", "respond-async");
        assertThat(files(post).keySet()).containsExactly("Condition");
    }

    @Test
    void sinceExportsWhatChangedAfterAndAFileIsTheStateAtTheTransactionTime() throws Exception {
        citizens(2);
        Instant since = Instant.now();
        Thread.sleep(20);
        Map<String, String> late = citizens(1).get(0);
        JsonNode manifest = manifest(root(), kickoff(http, "$export?_since=" + since + "&_type=Patient,ServiceRequest,Condition"));
        Map<String, List<Resource>> exported = download(root(), manifest);
        assertThat(exported.keySet()).containsExactlyInAnyOrder("Patient", "ServiceRequest", "Condition");
        for (var entry : exported.entrySet()) {
            assertThat(ids(entry.getValue())).as(entry.getKey()).containsExactly(late.get(entry.getKey()));
        }
        // a change after the transaction time is not in the file: it holds the version at that time, on every download
        JsonNode plans = manifest(root(), kickoff(http, "$export?_since=" + since + "&_type=ServiceRequest"));
        String url = path(plans.get("output").get(0).get("url").asText());
        byte[] before = root().get(url).body();
        ServiceRequest plan = http.get(late.get("ServiceRequest")).resource(ServiceRequest.class);
        plan.getNoteFirstRep().setText("changed after the export");
        Http.Response updated = http.update(late.get("ServiceRequest"), plan);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        byte[] after = root().get(url).body();
        assertThat(new String(after, StandardCharsets.UTF_8)).isEqualTo(new String(before, StandardCharsets.UTF_8))
                .doesNotContain("changed after the export");
        // and the next incremental export, since the first one's transaction time, has the new version
        JsonNode next = manifest(root(), kickoff(http, "$export?_type=ServiceRequest&_since=" + plans.get("transactionTime").asText()));
        List<Resource> changed = download(root(), next).get("ServiceRequest");
        assertThat(changed).hasSize(1);
        assertThat(((ServiceRequest) changed.get(0)).getNoteFirstRep().getText()).isEqualTo("changed after the export");
    }

    // ---- errors

    @Test
    void badRequestsAre400WithAnOperationOutcome() {
        OperationOutcome noPrefer = http.get("$export").assertError(400, "invalid-request");
        assertThat(noPrefer.getIssueFirstRep().getDiagnostics()).contains("Prefer: respond-async");
        http.get("Patient/$export").assertError(400, "invalid-request");
        bad("$export?_outputFormat=text/csv", "_outputFormat");
        bad("$export?_outputFormat=application/fhir%2Bjson", "_outputFormat");
        bad("$export?_type=Nonsense", "_type");
        bad("$export?_type=Patient,AuditEvent", "_type");
        bad("Patient/$export?_type=Organization", "_type");
        bad("$export?_since=yesterday", "_since");
        bad("$export?_since=2026-01-01", "_since");
        bad("Patient/$export?patient=Patient/1", "patient");
        bad("$export?_typeFilter=Patient%3Fgender%3Dmale", "_typeFilter");
        // several problems: all of them at once
        OperationOutcome several = http.getWith("$export?_type=Nonsense&_since=x", "Prefer", "respond-async").assertError(400, "invalid-parameters");
        assertThat(several.getIssue()).hasSize(2);
        // the formats the specification names are accepted, a '+' sent unescaped too; handling=lenient ignores what is unsupported
        for (String format : List.of("application/fhir+ndjson", "application%2Fndjson", "ndjson")) {
            assertThat(http.getWith("$export?_type=Organization&_outputFormat=" + format, "Prefer", "respond-async").status()).as(format).isEqualTo(202);
        }
        assertThat(http.getWith("$export?_type=Organization&_elements=id", "Prefer", "respond-async, handling=lenient").status()).isEqualTo(202);
        // a Group that does not exist (GroupExportTests has the rest of the group level)
        OperationOutcome group = http.getWith("Group/1/$export", "Prefer", "respond-async").assertError(404, "not-found");
        assertThat(group.getIssueFirstRep().getDiagnostics()).contains("no Group with id 1");
        // a status or file URL that does not exist
        root().get("async/export/nonsense").assertError(404, "not-found");
        root().get("async/export/nonsense/file/1").assertError(404, "not-found");
    }

    private void bad(String query, String expression) {
        OperationOutcome outcome = http.getWith(query, "Prefer", "respond-async").assertError(400, "invalid-parameters");
        assertThat(outcome.getIssueFirstRep().getExpression()).extracting(Object::toString).containsExactly(expression);
    }

    // ---- cancel

    @Test
    void deleteCancelsAJobAndItsFiles() throws Exception {
        citizens(1);
        String running = kickoff(http, "$export");
        assertThat(root().delete(running).status()).isEqualTo(202);
        root().get(running).assertError(404, "not-found");
        root().delete(running).assertError(404, "not-found");

        String done = kickoff(http, "$export?_type=Patient");
        JsonNode manifest = manifest(root(), done);
        String file = path(manifest.get("output").get(0).get("url").asText());
        assertThat(root().get(file).status()).isEqualTo(200);
        assertThat(root().delete(done).status()).isEqualTo(202);
        root().get(done).assertError(404, "not-found");
        root().get(file).assertError(404, "not-found");
        Thread.sleep(700); // the cancelled job would have started by now: nothing of it is left
        assertThat(jdbc.queryForObject("select count(*) from export_job where id = ?", Integer.class, running.substring(running.lastIndexOf('/') + 1))).isZero();
        assertThat(jdbc.queryForObject("select count(*) from export_file where job_id = ?", Integer.class, running.substring(running.lastIndexOf('/') + 1))).isZero();
    }

    // ---- who may

    @Test
    void onlyTheMunicipalityWithSystemReadScopesMayExport() {
        Instant now = Instant.now();
        String narrow = LocalTokens.mint(TestTokens.key(), LocalTokens.claims(LocalSigningKey.ISSUER, LocalSigningKey.DEFAULT_AUDIENCE,
                ClientKind.MUNICIPALITY, null, "system/Patient.rs system/ServiceRequest.rs", now, now.plusSeconds(600)).build());
        List<String> refused = List.of(TestTokens.of(ClientKind.REPORTING, null), TestTokens.of(ClientKind.HOSPITAL, "123456789012"),
                TestTokens.of(ClientKind.GP, "012345"), TestTokens.of(ClientKind.AUDITOR, null), narrow);
        for (String token : refused) {
            for (String operation : List.of("$export", "Patient/$export", "$export?_type=Patient")) {
                OperationOutcome outcome = http.withToken(token).getWith(operation, "Prefer", "respond-async").assertError(403, "forbidden");
                assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
            }
        }
        assertThat(http.withoutToken().getWith("$export", "Prefer", "respond-async").status()).isEqualTo(401);
        String rs = LocalTokens.mint(TestTokens.key(), LocalTokens.claims(LocalSigningKey.ISSUER, LocalSigningKey.DEFAULT_AUDIENCE,
                ClientKind.MUNICIPALITY, null, "system/*.rs", now, now.plusSeconds(600)).build());
        assertThat(http.withToken(rs).getWith("$export?_type=Organization", "Prefer", "respond-async").status()).isEqualTo(202);
    }

    @Test
    void theStatusAndFilesAreTheStartingClientsOnly() throws Exception {
        citizens(1);
        String status = kickoff(http, "Patient/$export?_type=Patient");
        JsonNode manifest = manifest(root(), status);
        String file = path(manifest.get("output").get(0).get("url").asText());
        Instant now = Instant.now();
        String otherMunicipalityClient = LocalTokens.mint(TestTokens.key(), LocalTokens.claims(LocalSigningKey.ISSUER, LocalSigningKey.DEFAULT_AUDIENCE,
                ClientKind.MUNICIPALITY, null, ClientKind.MUNICIPALITY.defaultScopes(), now, now.plusSeconds(600)).subject("another-client").build());
        Http other = root().withToken(otherMunicipalityClient);
        other.get(status).assertError(404, "not-found");
        other.get(file).assertError(404, "not-found");
        other.delete(status).assertError(404, "not-found");
        for (String token : List.of(TestTokens.of(ClientKind.REPORTING, null), TestTokens.of(ClientKind.HOSPITAL, "123456789012"),
                TestTokens.of(ClientKind.GP, "012345"))) {
            root().withToken(token).get(status).assertError(403, "forbidden");
            root().withToken(token).get(file).assertError(403, "forbidden");
            root().withToken(token).delete(status).assertError(403, "forbidden");
        }
        assertThat(root().withoutToken().get(status).status()).isEqualTo(401);
        assertThat(root().withoutToken().get(file).status()).isEqualTo(401);
        assertThat(root().get(status).status()).as("still there for its own client").isEqualTo(200);
    }

    // ---- the audit trail

    @Test
    void theJobAndEachDownloadAreAudited() throws Exception {
        Map<String, String> citizen = citizens(1).get(0);
        Instant since = Instant.now().minusMillis(200);
        String status = kickoff(http, "Patient/$export?_type=Patient,ServiceRequest&_since=" + Instant.now().minusSeconds(30));
        JsonNode manifest = manifest(root(), status);
        download(root(), manifest);
        audits.flush();
        Http auditor = http.withToken(TestTokens.of(ClientKind.AUDITOR, null));
        Bundle exports = auditor.get("AuditEvent?type=110106&date=ge" + since + "&_count=100").resource(Bundle.class);
        List<AuditEvent> events = exports.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
        String jobPath = status.substring(status.lastIndexOf('/') + 1);
        AuditEvent job = events.stream().filter(e -> e.getEntity().stream().anyMatch(en -> "GET /fhir/Patient/$export".equals(en.getName()))).findFirst().orElseThrow();
        assertThat(job.getEntity()).anyMatch(en -> en.hasQuery() && new String(en.getQuery(), StandardCharsets.UTF_8).contains("_type=Patient,ServiceRequest"));
        assertThat(job.getAgent()).anyMatch(a -> a.getWho().getIdentifier().getValue() != null && a.getWho().getIdentifier().getValue().equals("municipality"));
        List<AuditEvent> downloads = events.stream().filter(e -> e.getEntity().stream().anyMatch(en -> en.getName() != null
                && en.getName().startsWith("GET /async/export/" + jobPath + "/file/"))).toList();
        assertThat(downloads).hasSize(manifest.get("output").size());
        assertThat(downloads).anyMatch(e -> e.getEntity().stream().anyMatch(en -> citizen.get("Patient").equals(en.getWhat().getReference())));
        // a download refused (another client's job) is audited as refused
        Instant now = Instant.now();
        String other = LocalTokens.mint(TestTokens.key(), LocalTokens.claims(LocalSigningKey.ISSUER, LocalSigningKey.DEFAULT_AUDIENCE,
                ClientKind.MUNICIPALITY, null, ClientKind.MUNICIPALITY.defaultScopes(), now, now.plusSeconds(600)).subject("a-curious-client").build());
        String file = path(manifest.get("output").get(0).get("url").asText());
        root().withToken(other).get(file).assertError(404, "not-found");
        audits.flush();
        Bundle refused = auditor.get("AuditEvent?type=110106&outcome=4&date=ge" + since).resource(Bundle.class);
        assertThat(refused.getEntry()).extracting(e -> (AuditEvent) e.getResource())
                .anyMatch(e -> e.getEntity().stream().anyMatch(en -> ("GET /" + file).equals(en.getName()))
                        && e.getAgent().stream().anyMatch(a -> "a-curious-client".equals(a.getAltId())));
        ProfileValidator profiles = validator.get();
        for (AuditEvent event : List.of(job, downloads.get(0))) {
            assertThat(profiles.errors(event)).as(event.getId()).isEmpty();
        }
    }

    // ---- durability

    @Test
    void aJobWhoseServerStoppedIsMarkedFailedAndItsStatusSaysSo() {
        String id = java.util.UUID.randomUUID().toString();
        java.sql.Timestamp old = java.sql.Timestamp.from(Instant.now().minusSeconds(3600));
        jdbc.update("insert into export_job (id, owner, level, types, request_url, base_url, status, progress, transaction_time, submitted, heartbeat) "
                + "values (?, 'municipality|municipality', 'system', 'Patient', 'x', 'x', 'running', '1 of 1 types', ?, ?, ?)", id, old, old, old);
        Http.Response running = root().get("async/export/" + id);
        assertThat(running.status()).as("running, as far as the table says").isEqualTo(202);
        assertThat(running.header("X-Progress")).isEqualTo("1 of 1 types");
        assertThat(running.header("Retry-After")).isEqualTo("1");
        jobs.sweep();
        OperationOutcome failed = root().get("async/export/" + id).assertError(500, "internal-error");
        assertThat(failed.getIssueFirstRep().getDiagnostics()).contains("interrupted", "start the export again");
    }
}
