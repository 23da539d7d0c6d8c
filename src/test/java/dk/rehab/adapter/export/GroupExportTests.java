package dk.rehab.adapter.export;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import dk.rehab.adapter.audit.Audits;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.security.LocalSigningKey;
import dk.rehab.adapter.security.LocalTokens;
import dk.rehab.adapter.support.Cohorts;
import dk.rehab.adapter.support.Courses;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import dk.rehab.adapter.validation.ProfileValidator;
import dk.rehab.adapter.validation.ValidatorHolder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code Group/[id]/$export} (Bulk Data Access 2.0.0) as a client sees it: the files hold exactly the data of the cohort's
 * members at kick-off (their Patients and the resources of their compartments; nothing of anyone else), the manifest's
 * counts are the files' lines, a change of the Group after the kick-off does not change the job, an unknown Group is 404,
 * only the municipality may, and the export is audited naming the Group and its Patients.
 */
@TestPropertySource(properties = {"adapter.export.file-size=3", "adapter.export.settle=PT0.5S"})
abstract class GroupExportTests extends BulkExportSupport {

    @Autowired
    ValidatorHolder validator;
    @Autowired
    Audits audits;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    javax.sql.DataSource dataSource;

    /** A citizen with a plan (Patient, hospital Organization, Condition, ServiceRequest) and a course; references by type. */
    private Map<String, String> citizen() {
        Bundle tx = Plans.transaction(Plans.newCpr(), Plans.hospital(Plans.uniqueSor(), null), LocalDate.now().minusDays(2));
        Http.Response response = http.json("", tx);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        Map<String, String> refs = new LinkedHashMap<>();
        for (Bundle.BundleEntryComponent entry : response.resource(Bundle.class).getEntry()) {
            String location = entry.getResponse().getLocation().split("/_history")[0];
            refs.put(location.split("/")[0], location);
        }
        Http.Response course = http.json("EpisodeOfCare", Courses.course(refs.get("Patient"), refs.get("ServiceRequest"), "sul-140", "geriatri", null));
        assertThat(course.status()).as(course.text()).isEqualTo(201);
        refs.put("EpisodeOfCare", "EpisodeOfCare/" + course.resource(EpisodeOfCare.class).getIdElement().getIdPart());
        return refs;
    }

    private String group(List<Map<String, String>> members) {
        Http.Response created = http.json("Group", Cohorts.cohort("Datavarehus", members.stream().map(m -> m.get("Patient")).toList()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return "Group/" + created.resource(Group.class).getIdElement().getIdPart();
    }

    @Test
    void theFilesHoldExactlyTheMembersData() throws Exception {
        List<Map<String, String>> members = List.of(citizen(), citizen(), citizen(), citizen());
        Map<String, String> outsider = citizen();
        String group = group(members);
        String status = kickoff(http, group + "/$export");
        JsonNode manifest = manifest(root(), status);
        assertThat(manifest.get("request").asText()).isEqualTo(base() + "/" + group + "/$export");
        assertThat(manifest.get("error")).isEmpty();
        Map<String, List<Resource>> exported = download(root(), manifest);

        assertThat(exported.keySet()).containsExactlyInAnyOrder("Patient", "Condition", "ServiceRequest", "EpisodeOfCare")
                .allMatch(ExportLevel.GROUP.types()::contains);
        assertThat(manifest.get("output")).filteredOn(o -> "Patient".equals(o.get("type").asText())).as("files of 3").hasSize(2);
        Set<String> memberPatients = members.stream().map(m -> m.get("Patient")).collect(Collectors.toSet());
        for (String type : List.of("Patient", "Condition", "ServiceRequest", "EpisodeOfCare")) {
            assertThat(ids(exported.get(type))).as(type).containsExactlyInAnyOrderElementsOf(members.stream().map(m -> m.get(type)).toList())
                    .doesNotContain(outsider.get(type));
        }
        for (List<Resource> resources : exported.values()) {
            for (Resource resource : resources) {
                String patient = Audits.patientOf(resource);
                assertThat(patient).as("%s names a member", resource.getId()).isIn(memberPatients);
            }
        }
        // a sample validates against the profiles
        ProfileValidator profiles = validator.get();
        for (List<Resource> resources : exported.values()) {
            Resource resource = resources.get(0);
            List<SingleValidationMessage> errors = profiles.errors(resource);
            assertThat(errors).as("%s: %s", resource.getId(), errors).isEmpty();
        }

        // _type narrows it; a type the level does not export is refused; POST with a Parameters body works as GET
        JsonNode patientsOnly = manifest(root(), kickoff(http, group + "/$export?_type=Patient"));
        assertThat(download(root(), patientsOnly).keySet()).containsExactly("Patient");
        OperationOutcome organizations = http.getWith(group + "/$export?_type=Organization", "Prefer", "respond-async").assertError(400, "invalid-parameters");
        assertThat(organizations.getIssueFirstRep().getExpression()).extracting(Object::toString).containsExactly("_type");
        Http.Response post = http.post(group + "/$export", "application/fhir+json", "{\"resourceType\":\"Parameters\",\"parameter\":["
                + "{\"name\":\"_type\",\"valueString\":\"Condition\"}]}", "Prefer", "respond-async");
        Map<String, List<Resource>> conditions = files(post);
        assertThat(ids(conditions.get("Condition"))).containsExactlyInAnyOrderElementsOf(members.stream().map(m -> m.get("Condition")).toList());
    }

    /**
     * The index of each version's citizen that the group export reads: written with every version, and the same as
     * migration V34 fills from the stored JSON for versions stored before it.
     */
    @Test
    void thePatientIndexWrittenWithEachVersionIsWhatTheMigrationFillsFromTheJson() throws Exception {
        Map<String, String> member = citizen();
        org.hl7.fhir.r4.model.ServiceRequest plan = http.get(member.get("ServiceRequest")).resource(org.hl7.fhir.r4.model.ServiceRequest.class);
        plan.getNoteFirstRep().setText("version 2");
        assertThat(http.update(member.get("ServiceRequest"), plan).status()).isEqualTo(200);
        String rows = "select res_type || '/' || res_id || '/' || version || ' ' || patient_id from resource_patient order by 1";
        List<String> written = jdbc.queryForList(rows, String.class);
        String patientId = member.get("Patient").substring("Patient/".length());
        assertThat(written).contains(member.get("ServiceRequest") + "/1 " + patientId, member.get("ServiceRequest") + "/2 " + patientId,
                member.get("Condition") + "/1 " + patientId, member.get("EpisodeOfCare") + "/1 " + patientId);
        jdbc.update("delete from resource_patient");
        try (java.sql.Connection c = dataSource.getConnection()) {
            db.migration.V34__group_export.backfill(c);
        }
        assertThat(jdbc.queryForList(rows, String.class)).isEqualTo(written);
    }

    @Test
    void aGroupChangedAfterTheKickoffDoesNotChangeTheJob() throws Exception {
        Map<String, String> first = citizen();
        Map<String, String> second = citizen();
        Map<String, String> later = citizen();
        String group = group(List.of(first, second));
        String status = kickoff(http, group + "/$export?_type=Patient,ServiceRequest");
        // before the job reads (it waits adapter.export.settle first): one member out, another in
        Group current = http.get(group).resource(Group.class);
        current.getMember().remove(0);
        current.addMember().setEntity(new Reference(later.get("Patient")));
        assertThat(http.update(group, current).status()).isEqualTo(200);

        Map<String, List<Resource>> exported = download(root(), manifest(root(), status));
        assertThat(ids(exported.get("Patient"))).containsExactlyInAnyOrder(first.get("Patient"), second.get("Patient"));
        assertThat(ids(exported.get("ServiceRequest"))).containsExactlyInAnyOrder(first.get("ServiceRequest"), second.get("ServiceRequest"));
        // the next export has the Group as it is now
        Map<String, List<Resource>> next = download(root(), manifest(root(), kickoff(http, group + "/$export?_type=Patient")));
        assertThat(ids(next.get("Patient"))).containsExactlyInAnyOrder(second.get("Patient"), later.get("Patient"));
    }

    private static String parameters(String... patients) {
        StringBuilder body = new StringBuilder("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"_type\",\"valueString\":\"Patient,ServiceRequest\"}");
        for (String patient : patients) {
            body.append(",{\"name\":\"patient\",\"valueReference\":{\"reference\":\"").append(patient).append("\"}}");
        }
        return body.append("]}").toString();
    }

    private Http.Response post(String operation, String body) {
        return http.post(operation, "application/fhir+json", body, "Prefer", "respond-async");
    }

    /** The Bulk Data patient parameter (POST): at Group level a subset of the members, at Patient level those citizens. */
    @Test
    void thePatientParameterLimitsAGroupOrPatientExportToTheCitizensItNames() throws Exception {
        Map<String, String> a = citizen();
        Map<String, String> b = citizen();
        Map<String, String> outsider = citizen();
        String group = group(List.of(a, b));

        Http.Response onlyA = post(group + "/$export", parameters(a.get("Patient")));
        Map<String, List<Resource>> ofA = files(onlyA);
        assertThat(ids(ofA.get("Patient"))).containsExactly(a.get("Patient"));
        assertThat(ids(ofA.get("ServiceRequest"))).containsExactly(a.get("ServiceRequest"));

        Http.Response twoCitizens = post("Patient/$export", parameters(b.get("Patient"), outsider.get("Patient"), b.get("Patient")));
        Map<String, List<Resource>> ofTwo = files(twoCitizens);
        assertThat(ids(ofTwo.get("Patient"))).containsExactlyInAnyOrder(b.get("Patient"), outsider.get("Patient"));
        assertThat(ids(ofTwo.get("ServiceRequest"))).containsExactlyInAnyOrder(b.get("ServiceRequest"), outsider.get("ServiceRequest"));

        // not a member, not stored, not a Patient reference, at system level, in a URL: 400 with the parameter
        OperationOutcome notMember = post(group + "/$export", parameters(a.get("Patient"), outsider.get("Patient"))).assertError(400, "invalid-parameters");
        assertThat(notMember.getIssue()).hasSize(1);
        assertThat(notMember.getIssueFirstRep().getDiagnostics()).contains("not a member");
        assertThat(notMember.getIssueFirstRep().getExpression()).extracting(Object::toString).containsExactly("patient");
        OperationOutcome unknown = post("Patient/$export", parameters("Patient/no-such-citizen")).assertError(400, "invalid-parameters");
        assertThat(unknown.getIssueFirstRep().getExpression()).extracting(Object::toString).containsExactly("patient");
        post("Patient/$export", parameters(a.get("ServiceRequest"))).assertError(400, "invalid-parameters");
        OperationOutcome system = post("$export", parameters(a.get("Patient"))).assertError(400, "invalid-parameters");
        assertThat(system.getIssueFirstRep().getDiagnostics()).contains("Patient and Group level");
        OperationOutcome inUrl = http.getWith("Patient/$export?patient=" + a.get("Patient"), "Prefer", "respond-async").assertError(400, "invalid-parameters");
        assertThat(inUrl.getIssueFirstRep().getExpression()).extracting(Object::toString).containsExactly("patient");
    }

    @Test
    void anUnknownGroupIs404AndAnEmptyOneExportsNothing() throws Exception {
        OperationOutcome unknown = http.getWith("Group/no-such-group/$export", "Prefer", "respond-async").assertError(404, "not-found");
        assertThat(unknown.getIssueFirstRep().getDiagnostics()).contains("Group", "no-such-group");
        http.get(group(List.of(citizen())) + "/$export").assertError(400, "invalid-request");
        String empty = group(List.of());
        JsonNode manifest = manifest(root(), kickoff(http, empty + "/$export"));
        assertThat(manifest.get("output")).isEmpty();
    }

    @Test
    void onlyTheMunicipalityWithSystemReadScopesMayExportAGroup() {
        String group = group(List.of(citizen()));
        Instant now = Instant.now();
        String narrow = LocalTokens.mint(TestTokens.key(), LocalTokens.claims(LocalSigningKey.ISSUER, LocalSigningKey.DEFAULT_AUDIENCE,
                ClientKind.MUNICIPALITY, null, "system/Patient.rs system/Group.rs", now, now.plusSeconds(600)).build());
        for (String token : List.of(TestTokens.of(ClientKind.REPORTING, null), TestTokens.of(ClientKind.HOSPITAL, "123456789012"),
                TestTokens.of(ClientKind.GP, "012345"), TestTokens.of(ClientKind.AUDITOR, null), narrow)) {
            for (String operation : List.of(group + "/$export", "Group/no-such-group/$export")) {
                OperationOutcome outcome = http.withToken(token).getWith(operation, "Prefer", "respond-async").assertError(403, "forbidden");
                assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
            }
        }
        assertThat(http.withoutToken().getWith(group + "/$export", "Prefer", "respond-async").status()).isEqualTo(401);
    }

    @Test
    void theExportIsAuditedNamingTheGroupAndItsPatients() throws Exception {
        Instant since = Instant.now().minusMillis(200);
        List<Map<String, String>> members = List.of(citizen(), citizen());
        Map<String, String> outsider = citizen();
        String group = group(members);
        String status = kickoff(http, group + "/$export?_type=Patient,Condition");
        JsonNode manifest = manifest(root(), status);
        download(root(), manifest);
        audits.flush();
        Http auditor = http.withToken(TestTokens.of(ClientKind.AUDITOR, null));
        List<AuditEvent> exports = auditor.get("AuditEvent?type=110106&date=ge" + since + "&_count=100").resource(Bundle.class).getEntry()
                .stream().map(e -> (AuditEvent) e.getResource()).toList();
        AuditEvent job = exports.stream().filter(e -> e.getEntity().stream().anyMatch(en -> ("GET /fhir/" + group + "/$export").equals(en.getName())))
                .findFirst().orElseThrow();
        Set<String> named = job.getEntity().stream().filter(AuditEvent.AuditEventEntityComponent::hasWhat).map(en -> en.getWhat().getReference())
                .collect(Collectors.toSet());
        assertThat(named).contains(group, members.get(0).get("Patient"), members.get(1).get("Patient")).doesNotContain(outsider.get("Patient"));
        assertThat(job.getEntity()).anyMatch(en -> en.hasQuery() && new String(en.getQuery(), StandardCharsets.UTF_8).contains("_type=Patient,Condition"));
        String jobId = status.substring(status.lastIndexOf('/') + 1);
        List<AuditEvent> downloads = exports.stream().filter(e -> e.getEntity().stream().anyMatch(en -> en.getName() != null
                && en.getName().startsWith("GET /async/export/" + jobId + "/file/"))).toList();
        assertThat(downloads).hasSize(manifest.get("output").size());
        assertThat(downloads).allMatch(e -> e.getEntity().stream().anyMatch(en -> en.hasWhat() && group.equals(en.getWhat().getReference())));
        // the kick-off itself: an operation on the Group, naming its Patients
        Bundle kickoffs = auditor.get("AuditEvent?entity=" + group + "&subtype=operation&date=ge" + since).resource(Bundle.class);
        assertThat(kickoffs.getEntry()).extracting(e -> (AuditEvent) e.getResource())
                .anyMatch(e -> e.getEntity().stream().anyMatch(en -> en.hasWhat() && members.get(0).get("Patient").equals(en.getWhat().getReference())));
        ProfileValidator profiles = validator.get();
        for (AuditEvent event : List.of(job, downloads.get(0))) {
            assertThat(profiles.errors(event)).as(event.getId()).isEmpty();
        }
    }
}
