package dk.rehab.adapter.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.WriteTransactions;
import dk.rehab.adapter.security.Caller;
import dk.rehab.adapter.security.ClientKind;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.support.Http;
import dk.rehab.adapter.support.IntegrationTest;
import dk.rehab.adapter.support.Plans;
import dk.rehab.adapter.support.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit trail (issue 11 item 3): every interaction on a citizen's data and every refusal leaves a BALP-shaped
 * AuditEvent with the right subtype, action, outcome, agent and entities; a search's query holds no CPR number; the
 * trail is append-only for every caller and readable by the auditor only; the auditor's searches by patient, agent,
 * date, entity and outcome find exactly what happened; a write's AuditEvent is part of the write's transaction.
 */
abstract class AuditTrailTests extends IntegrationTest {
    @Autowired
    private Audits audits;
    @Autowired
    private WriteTransactions transactions;
    @Autowired
    private ResourceStore store;
    @Autowired
    private dk.rehab.adapter.fhir.StoredJsonReads fastReads;
    @Autowired
    private AuditIndex index;
    @Autowired
    private AuditSearch auditSearch;
    @Autowired
    private org.springframework.jdbc.core.JdbcTemplate jdbc;

    private Http auditor;
    private String municipalityId;
    private Http municipality;
    private String sor;
    private Http hospital;
    private String cpr;
    private String patient;
    private String plan;
    private Instant start;

    @BeforeEach
    void aPlanSentByAHospital() {
        start = Instant.now().minusMillis(5);
        auditor = http.withToken(TestTokens.of(ClientKind.AUDITOR, null));
        municipalityId = "muni-" + Plans.uniqueSor();
        municipality = http.withToken(TestTokens.of(ClientKind.MUNICIPALITY, municipalityId));
        sor = Plans.uniqueSor();
        hospital = http.withToken(TestTokens.of(ClientKind.HOSPITAL, sor));
        cpr = Plans.newCpr();
        Http.Response sent = hospital.json("", Plans.transaction(cpr, Plans.hospital(sor, null), LocalDate.now().minusDays(1)));
        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        Bundle answer = sent.resource(Bundle.class);
        patient = "Patient/" + answer.getEntry().get(0).getResponse().getLocation().split("/")[1];
        plan = "ServiceRequest/" + answer.getEntry().get(3).getResponse().getLocation().split("/")[1];
    }

    /** The auditor's search (after the queued AuditEvents are stored). */
    /**
     * The AuditEvents the auditor finds. A request's event is handed to the writer when the request ends, which can be
     * just after its answer reached the client; so the search is asked again (after a flush) until two answers 100 ms
     * apart agree and are not empty, for up to 3 s.
     */
    private List<AuditEvent> search(String query) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
        List<AuditEvent> previous = null;
        while (true) {
            audits.flush();
            Http.Response response = auditor.get("AuditEvent?" + query + "&_count=200");
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            List<AuditEvent> found = response.resource(Bundle.class).getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
            if (previous != null && !found.isEmpty() && found.size() == previous.size() || System.nanoTime() > deadline) {
                return found;
            }
            previous = found;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    private static String subtype(AuditEvent event) {
        return event.getSubtypeFirstRep().getCode();
    }

    private static List<String> entities(AuditEvent event) {
        return event.getEntity().stream().filter(AuditEvent.AuditEventEntityComponent::hasWhat)
                .map(e -> e.getWhat().getReference()).toList();
    }

    private static String agentOrganisation(AuditEvent event) {
        AuditEvent.AuditEventAgentComponent agent = event.getAgentFirstRep();
        return agent.getWho().getIdentifier().getValue();
    }

    private static String query(AuditEvent event) {
        return event.getEntity().stream().filter(AuditEvent.AuditEventEntityComponent::hasQuery)
                .map(e -> new String(Base64.getDecoder().decode(e.getQueryElement().getValueAsString()), StandardCharsets.UTF_8))
                .findFirst().orElse(null);
    }

    @Test
    void everyInteractionKindLeavesAnAuditEventWithItsSubtypeActionOutcomeAgentAndEntities() {
        String planId = plan.split("/")[1];
        long served = fastReads.served();
        assertThat(municipality.get(plan).status()).isEqualTo(200); // the fast read path
        assertThat(fastReads.served()).as("answered by the fast read path").isEqualTo(served + 1);
        assertThat(municipality.send(plan, "application/fhir+xml").status()).isEqualTo(200); // through HAPI
        assertThat(municipality.get(plan + "/_history/1").status()).isEqualTo(200);
        assertThat(municipality.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + cpr).status()).isEqualTo(200);
        assertThat(municipality.post("Patient/_search", "application/x-www-form-urlencoded",
                "identifier=" + Canonical.SYSTEM_CPR + "%7C" + cpr).status()).isEqualTo(200);
        Http.Response created = municipality.json("Organization", Plans.hospital(Plans.uniqueSor(), null));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String organisation = "Organization/" + created.resource(Organization.class).getIdElement().getIdPart();
        ServiceRequest stored = municipality.get(plan).resource(ServiceRequest.class);
        stored.setOccurrence(new Period().setStartElement(new DateTimeType(LocalDate.now().plusDays(3).toString())));
        Http.Response updated = municipality.update(plan, stored);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(municipality.get(plan + "/$original").status()).isEqualTo(200);

        List<AuditEvent> events = search("agent=" + municipalityId + "&_sort=date");
        assertThat(events).extracting(AuditTrailTests::subtype)
                .containsExactly("read", "read", "vread", "search-type", "search-type", "create", "read", "update", "operation");
        assertThat(events).extracting(e -> e.getAction().toCode()).containsExactly("R", "R", "R", "E", "E", "C", "R", "U", "E");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
            assertThat(e.getType().getCode()).isEqualTo("rest");
            assertThat(e.getSubtypeFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/restful-interaction");
            assertThat(agentOrganisation(e)).isEqualTo(municipalityId);
            assertThat(e.getAgentFirstRep().getRequestor()).isTrue();
            assertThat(e.getAgentFirstRep().getAltId()).isEqualTo("municipality:" + municipalityId);
            assertThat(e.getAgentFirstRep().getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("municipality");
            assertThat(e.getAgentFirstRep().getNetwork().getAddress()).isNotBlank();
            assertThat(e.getSource().getObserver().getIdentifier().getValue()).isEqualTo("rehab-fhir-adapter");
        });
        for (int read : new int[] {0, 1, 2, 6, 7}) {
            assertThat(entities(events.get(read))).as("event %d", read).containsExactlyInAnyOrder(patient, plan);
        }
        assertThat(entities(events.get(3))).containsExactly(patient);
        assertThat(entities(events.get(5))).containsExactly(organisation);
        assertThat(entities(events.get(8))).contains(plan);
        // the searches' queries are kept, without the CPR number
        for (int searched : new int[] {3, 4}) {
            String query = query(events.get(searched));
            assertThat(query).contains("identifier=" + Canonical.SYSTEM_CPR + "|*****").doesNotContain(cpr);
        }
        assertThat(events.get(0).getEntity()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("GET /fhir/ServiceRequest/" + planId));
        // the patient entity has BALP's Patient role
        assertThat(events.get(0).getEntity()).anySatisfy(e -> {
            assertThat(e.getWhat().getReference()).isEqualTo(patient);
            assertThat(e.getRole().getCode()).isEqualTo("1");
        });
    }

    @Test
    void theHospitalsTransactionAndMessagesAreAuditedAsItsOwn() {
        List<AuditEvent> sent = search("agent=" + sor);
        assertThat(sent).hasSize(1);
        AuditEvent transaction = sent.get(0);
        assertThat(subtype(transaction)).isEqualTo("transaction");
        assertThat(transaction.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
        assertThat(transaction.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(entities(transaction)).contains(patient, plan);
        assertThat(transaction.getAgentFirstRep().getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("hospital");

        String messageCpr = Plans.newCpr();
        Http sender = http.withToken(TestTokens.of(ClientKind.HOSPITAL, dk.rehab.adapter.support.Messages.HOSPITAL_SOR));
        Http.Response accepted = sender.post("$process-message", "application/fhir+json",
                fhir.newJsonParser().encodeResourceToString(dk.rehab.adapter.support.Messages.newPlan(messageCpr, LocalDate.now().minusDays(1))));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        String messagePatient = "Patient/" + http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + messageCpr)
                .resource(Bundle.class).getEntryFirstRep().getResource().getIdElement().getIdPart();
        List<AuditEvent> message = search("patient=" + messagePatient + "&agent=" + dk.rehab.adapter.support.Messages.HOSPITAL_SOR);
        assertThat(message).extracting(AuditTrailTests::subtype).containsExactly("operation");
        assertThat(message.get(0).getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);

        String ggopCpr = Plans.newCpr();
        Http.Response ggop = municipality.at("http://localhost:" + port).post("/medcom/ggop", "application/xml",
                new dk.rehab.adapter.support.GgopPlans(ggopCpr).xml());
        assertThat(ggop.status()).as(ggop.text()).isEqualTo(200);
        String ggopPatient = "Patient/" + http.get("Patient?identifier=" + Canonical.SYSTEM_CPR + "|" + ggopCpr)
                .resource(Bundle.class).getEntryFirstRep().getResource().getIdElement().getIdPart();
        List<AuditEvent> received = search("patient=" + ggopPatient + "&agent=" + municipalityId);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getType().getCode()).isEqualTo("110110");
        assertThat(received.get(0).getType().getSystem()).isEqualTo("http://dicom.nema.org/resources/ontology/DCM");
        assertThat(received.get(0).getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
    }

    @Test
    void aRefusalLeavesAnAuditEventOfFailure() {
        String unknown = "no-such-" + Plans.uniqueSor();
        http.withoutToken().get("ServiceRequest/" + unknown).assertError(401, "unauthenticated");
        String otherSor = Plans.uniqueSor();
        Http other = http.withToken(TestTokens.of(ClientKind.HOSPITAL, otherSor));
        other.get(plan).assertError(404, "not-found");
        other.get("AuditEvent?patient=" + patient).assertError(403, "forbidden");

        // two events recorded within the same millisecond have no defined order by date: find each by its subtype
        List<AuditEvent> refused = search("agent=" + otherSor + "&_sort=date");
        assertThat(refused).extracting(AuditTrailTests::subtype).containsExactlyInAnyOrder("read", "search-type");
        assertThat(refused).allSatisfy(e -> assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4));
        AuditEvent notFound = refused.stream().filter(e -> "read".equals(subtype(e))).findFirst().orElseThrow();
        AuditEvent forbidden = refused.stream().filter(e -> "search-type".equals(subtype(e))).findFirst().orElseThrow();
        assertThat(notFound.getOutcomeDesc()).isEqualTo("HTTP 404");
        assertThat(entities(notFound)).containsExactly(plan);
        assertThat(forbidden.getOutcomeDesc()).isEqualTo("HTTP 403");

        List<AuditEvent> unauthenticated = search("outcome=4&date=ge" + start).stream()
                .filter(e -> e.getEntity().stream().anyMatch(x -> ("GET /fhir/ServiceRequest/" + unknown).equals(x.getName()))).toList();
        assertThat(unauthenticated).hasSize(1);
        AuditEvent anonymous = unauthenticated.get(0);
        assertThat(anonymous.getOutcomeDesc()).isEqualTo("HTTP 401");
        assertThat(subtype(anonymous)).isEqualTo("read");
        assertThat(anonymous.getAgentFirstRep().hasWho()).isFalse();
        assertThat(anonymous.getAgentFirstRep().getNetwork().getAddress()).isNotBlank();
    }

    @Test
    void theAuditTrailIsAppendOnlyForEveryCallerAndReadByTheAuditorOnly() throws Exception {
        String example = java.nio.file.Files.readString(java.nio.file.Path.of("examples", "AuditEvent-read-plan-by-hospital.json"));
        AuditEvent any = search("patient=" + patient).get(0);
        String id = any.getIdElement().getIdPart();
        for (Http caller : List.of(municipality, auditor, hospital)) {
            caller.post("AuditEvent", "application/fhir+json", example).assertError(405, "method-not-allowed");
            caller.put("AuditEvent/" + id, example.replace("0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b", id)).assertError(405, "method-not-allowed");
            caller.delete("AuditEvent/" + id).assertError(405, "method-not-allowed");
        }
        // nor inside a transaction
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + example
                + ",\"request\":{\"method\":\"POST\",\"url\":\"AuditEvent\"}}]}";
        Http.Response inTransaction = municipality.post("", "application/fhir+json", transaction);
        assertThat(inTransaction.status()).isIn(403, 405);
        assertThat(auditor.get("AuditEvent/" + id).resource(AuditEvent.class).getRecorded()).isEqualTo(any.getRecorded());

        http.withoutToken().get("AuditEvent?patient=" + patient).assertError(401, "unauthenticated");
        http.withoutToken().get("AuditEvent/" + id).assertError(401, "unauthenticated");
        for (ClientKind kind : List.of(ClientKind.MUNICIPALITY, ClientKind.HOSPITAL, ClientKind.GP, ClientKind.REPORTING)) {
            Http caller = http.withToken(TestTokens.of(kind, kind == ClientKind.HOSPITAL || kind == ClientKind.GP ? Plans.uniqueSor() : null));
            caller.get("AuditEvent?patient=" + patient).assertError(403, "forbidden");
            caller.post("AuditEvent/_search", "application/x-www-form-urlencoded", "patient=" + patient).assertError(403, "forbidden");
            caller.get("AuditEvent/" + id).assertError(403, "forbidden");
        }
    }

    @Test
    void theAuditorFindsExactlyWhatHappenedByPatientAgentDateEntityAndOutcome() {
        hospital.get(plan);
        String otherSor = Plans.uniqueSor();
        http.withToken(TestTokens.of(ClientKind.HOSPITAL, otherSor)).get(plan).assertError(404, "not-found");

        Map<String, String> byPatient = search("patient=" + patient).stream()
                .collect(Collectors.toMap(AuditTrailTests::subtype, AuditTrailTests::agentOrganisation));
        assertThat(byPatient).containsExactlyInAnyOrderEntriesOf(Map.of("transaction", sor, "read", sor));
        // the question of the issue: who has seen this citizen's data in the last year
        String yearAgo = LocalDate.now().minusYears(1).toString();
        assertThat(search("patient=" + patient + "&date=ge" + yearAgo)).hasSize(2);
        audits.flush();
        Http.Response posted = auditor.post("AuditEvent/_search", "application/x-www-form-urlencoded", "patient=" + patient + "&date=ge" + yearAgo);
        assertThat(posted.resource(Bundle.class).getTotal()).isEqualTo(2);
        assertThat(search("patient=" + patient.split("/")[1])).hasSize(2);
        assertThat(search("patient=" + patient + "&date=lt" + start)).isEmpty();
        assertThat(search("patient=" + patient + "&date=gt" + LocalDate.now().plusDays(1))).isEmpty();

        assertThat(search("entity=" + plan)).extracting(AuditTrailTests::agentOrganisation).containsExactlyInAnyOrder(sor, sor, otherSor);
        assertThat(search("agent=" + otherSor)).extracting(e -> e.getOutcome().toCode()).containsExactly("4");
        assertThat(search("agent=" + otherSor + "&outcome=0")).isEmpty();
        assertThat(search("entity=" + plan + "&outcome=4")).extracting(AuditTrailTests::agentOrganisation).containsExactly(otherSor);
        assertThat(search("agent=" + AuditJson.SID_ORGANISATION + "|" + sor)).hasSize(2);
        assertThat(search("agent=" + AuditJson.SID_CLIENT + "|hospital:" + sor)).hasSize(2);
        assertThat(search("agent=" + sor + "&subtype=read")).hasSize(1);

        // newest first by default; paging with _count
        List<AuditEvent> newestFirst = search("entity=" + plan);
        assertThat(newestFirst.get(0).getRecorded()).isAfterOrEqualTo(newestFirst.get(2).getRecorded());
        Bundle page = auditor.get("AuditEvent?entity=" + plan + "&_count=1").resource(Bundle.class);
        assertThat(page.getTotal()).isEqualTo(3);
        assertThat(page.getEntry()).hasSize(1);
        assertThat(page.getLink("next")).isNotNull();
        auditor.get("AuditEvent?entity=" + plan.split("/")[1]).assertError(400, "invalid-search-parameter");
    }

    @Test
    void aWritesAuditEventIsPartOfItsTransaction() {
        AuditContext context = new AuditContext("POST", "/fhir/Organization", "127.0.0.1");
        context.caller = new Caller(ClientKind.MUNICIPALITY, municipalityId, "municipality:" + municipalityId, List.of());
        context.interaction("create", 'C');
        AuditContext.bind(context);
        String rolledBack = ResourceStore.newId();
        String committed = ResourceStore.newId();
        try {
            try {
                transactions.run(() -> {
                    Organization org = Plans.hospital(Plans.uniqueSor(), null);
                    org.setId(rolledBack);
                    store.create(org);
                    throw new AdapterException(ErrorCode.INVALID_VALUE, "refused after the store", null);
                });
            } catch (AdapterException expected) {
                // the write failed
            }
            assertThat(context.writeAudited).isFalse();
            transactions.run(() -> {
                Organization org = Plans.hospital(Plans.uniqueSor(), null);
                org.setId(committed);
                return store.create(org);
            });
            assertThat(context.writeAudited).isTrue();
        } finally {
            AuditContext.unbind();
        }
        assertThat(search("entity=Organization/" + rolledBack)).isEmpty();
        List<AuditEvent> stored = search("entity=Organization/" + committed);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(subtype(stored.get(0))).isEqualTo("create");
    }

    @Test
    void aRejectedWriteLeavesOnlyAnAuditEventOfFailure() {
        String rejectingSor = Plans.uniqueSor();
        Http rejecting = http.withToken(TestTokens.of(ClientKind.HOSPITAL, rejectingSor));
        Bundle invalid = Plans.transaction(Plans.newCpr(), Plans.hospital(rejectingSor, null), LocalDate.now().minusDays(1));
        Plans.planOf(invalid).getSubject().setReference("Patient/" + ResourceStore.newId()); // a Patient that does not exist
        Http.Response refused = rejecting.json("", invalid);
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        List<AuditEvent> events = search("agent=" + rejectingSor);
        assertThat(events).extracting(e -> e.getOutcome().toCode()).containsExactly("4");
        assertThat(subtype(events.get(0))).isEqualTo("transaction");
        assertThat(entities(events.get(0))).isEmpty();
    }

    @Test
    void aDeliverySentOutIsAuditedAsAnExport() {
        String gp = "gp-" + Plans.uniqueSor();
        String task = ResourceStore.newId();
        transactions.run(() -> {
            audits.delivery("gp", gp, "https://gp.example/fhir", patient.split("/")[1], "doc-1", task, 0, "delivered");
            return null;
        });
        List<AuditEvent> events = search("agent=" + gp);
        assertThat(events).hasSize(1);
        AuditEvent export = events.get(0);
        assertThat(export.getType().getCode()).isEqualTo("110106");
        assertThat(entities(export)).containsExactly(patient, "DocumentReference/doc-1", "Task/" + task);
        assertThat(export.getAgent()).extracting(AuditEvent.AuditEventAgentComponent::getRequestor).containsExactly(true, false);
        assertThat(export.getAgent().get(1).getNetwork().getAddress()).isEqualTo("gp.example");
    }

    @Test
    void readsAuditedOffTheRequestThreadAreAllStoredByTheFlush() {
        for (int i = 0; i < 50; i++) {
            assertThat(hospital.get(plan).status()).isEqualTo(200);
        }
        List<AuditEvent> reads = search("agent=" + sor + "&subtype=read");
        assertThat(reads).hasSize(50);
        assertThat(reads.stream().map(e -> e.getIdElement().getIdPart()).filter(Objects::nonNull).distinct()).hasSize(50);
    }

    /**
     * The database itself refuses to change the audit trail (V33): an UPDATE or DELETE of an event or of its index rows
     * fails, whoever sends it, and the rows stay as they were; inserting still works (the writer's every event).
     */
    @Test
    void theDatabaseRefusesToUpdateOrDeleteTheAuditTrail() {
        audits.flush();
        String event = jdbc.queryForObject("select id from audit_event where (' ' || entities || ' ') like ? order by id limit 1",
                String.class, "% " + plan + " %");
        String outcome = jdbc.queryForObject("select outcome from audit_event where id = ?", String.class, event);
        assertThatThrownBy(() -> jdbc.update("update audit_event set outcome = '8' where id = ?", event))
                .isInstanceOf(org.springframework.dao.DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from audit_event where id = ?", event))
                .isInstanceOf(org.springframework.dao.DataAccessException.class).rootCause().hasMessageContaining("append-only");
        index.indexPending(); // the plan's event has its index rows
        assertThat(jdbc.queryForObject("select count(*) from audit_entity where event_id = ?", Integer.class, event)).isPositive();
        assertThatThrownBy(() -> jdbc.update("delete from audit_entity where event_id = ?", event))
                .isInstanceOf(org.springframework.dao.DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThat(jdbc.queryForObject("select outcome from audit_event where id = ?", String.class, event)).isEqualTo(outcome);
        assertThat(search("patient=" + patient)).isNotEmpty();
    }

    /**
     * The audit writer's own thread fills the entity index of the plan's write behind it (nobody calls the indexer
     * here): the note goes and the event's Patient and plan rows come, within a few of the writer's rounds. (The
     * writer's check for new notes once read a field through the repository's proxy, failed every round, and left
     * every write's event to the slower search of the notes.)
     */
    @Test
    void theAuditWriterIndexesAWritesEventBehindIt() throws InterruptedException {
        String event = jdbc.queryForObject("select id from audit_event where (' ' || entities || ' ') like ? order by id limit 1",
                String.class, "% " + plan + " %"); // the transaction's event: the first to name the plan
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (jdbc.queryForObject("select count(*) from audit_pending where event_id = ?", Integer.class, event) > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(jdbc.queryForObject("select count(*) from audit_pending where event_id = ?", Integer.class, event)).isZero();
        assertThat(jdbc.queryForList("select reference from audit_entity where event_id = ?", String.class, event))
                .contains(patient, plan);
    }

    /**
     * A write's AuditEvent is noted for the index (V22) and found by the patient and entity searches from its commit on:
     * inside its own transaction (where the writer's indexer cannot take it yet) by its entities column, after the
     * indexer ran by the index, once, however often the indexer runs. A reference that merely contains the note's text,
     * or spans two of its references, finds nothing.
     */
    @Test
    void aWritesAuditEventIsFoundBeforeAndAfterItsIndexRowsAreFilled() {
        String patientId = ResourceStore.newId();
        String planId = ResourceStore.newId();
        AuditRecord event = new AuditRecord(ResourceStore.newId(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                AuditRecord.Kind.REST, "create", 'C', 0, "stored", "municipality", municipalityId, "client-a", "127.0.0.1", "POST /fhir",
                null, List.of("Patient/" + patientId, "ServiceRequest/" + planId));
        transactions.run(() -> {
            audits.storeNow(event);
            assertThat(jdbc.queryForObject("select count(*) from audit_entity where event_id = ?", Integer.class, event.id())).isZero();
            assertThat(jdbc.queryForObject("select count(*) from audit_pending where event_id = ?", Integer.class, event.id())).isOne();
            assertThat(found("patient", patientId)).containsExactly(event.id());
            assertThat(found("entity", "ServiceRequest/" + planId)).containsExactly(event.id());
            assertThat(found("entity", "Patient/" + patientId)).containsExactly(event.id());
            assertThat(found("entity", "ServiceRequest/" + planId.substring(1))).isEmpty();
            assertThat(found("entity", "ServiceRequest/" + planId.substring(0, 8) + "%")).isEmpty();
            assertThat(found("entity", "Patient/" + patientId + " ServiceRequest/" + planId)).isEmpty();
            return null;
        });
        index.indexPending();
        index.indexPending();
        assertThat(jdbc.queryForObject("select count(*) from audit_pending where event_id = ?", Integer.class, event.id())).isZero();
        assertThat(jdbc.queryForList("select reference from audit_entity where event_id = ? order by reference", String.class, event.id()))
                .containsExactly("Patient/" + patientId, "ServiceRequest/" + planId);
        assertThat(found("patient", patientId)).containsExactly(event.id());
        assertThat(found("entity", "ServiceRequest/" + planId)).containsExactly(event.id());
        assertThat(search("patient=Patient/" + patientId)).extracting(e -> e.getIdElement().getIdPart()).containsExactly(event.id());
    }

    /** The ids of the events the patient or entity search finds for {@code value}, straight from {@link AuditSearch}. */
    private List<String> found(String parameter, String value) {
        dk.rehab.adapter.fhir.search.SqlFilter filter = auditSearch.filter();
        ca.uhn.fhir.rest.param.ReferenceAndListParam param = new ca.uhn.fhir.rest.param.ReferenceAndListParam()
                .addAnd(new ca.uhn.fhir.rest.param.ReferenceOrListParam().addOr(new ca.uhn.fhir.rest.param.ReferenceParam(value)));
        if (parameter.equals("patient")) {
            auditSearch.patient(filter, param);
        } else {
            auditSearch.entity(filter, param);
        }
        return auditSearch.page(filter, false, 0, 50).json().stream()
                .map(json -> fhir.newJsonParser().parseResource(AuditEvent.class, json).getIdElement().getIdPart())
                .toList();
    }
}
