package dk.rehab.adapter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An AuditEvent stored as its fields (V20) reads back as exactly the JSON it was rendered to when recorded; one whose
 * fields do not fit the columns is stored as JSON and keeps them whole; a row written before V20 (JSON only) reads back
 * unchanged.
 */
class AuditRowsTest {
    private JdbcTemplate jdbc;
    private AuditRows rows;

    @BeforeEach
    void database() {
        DriverManagerDataSource data = new DriverManagerDataSource(
                "jdbc:h2:mem:audit-rows-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(data).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(data);
        rows = new AuditRows(jdbc, new AuditProperties("adapter-a", 10, 10, java.time.Duration.ZERO));
    }

    private String stored(String id) {
        return jdbc.query("select " + AuditRows.COLUMNS + " from audit_event e where e.id = ?", AuditRows.JSON, id).get(0);
    }

    @Test
    void anEventStoredAsFieldsReadsBackAsTheJsonItWasRecordedAs() {
        AuditRecord search = new AuditRecord("e-1", Instant.parse("2026-12-03T10:15:30.123456Z"), AuditRecord.Kind.REST, "search-type",
                'E', 0, "HTTP 200", "hospital", "6008010000000", "client-a", "10.0.0.7", "POST /fhir/ServiceRequest/_search",
                "identifier=urn:oid:1.2.208.176.1.2|xxxxxx-xxxx", List.of("Patient/p1", "ServiceRequest/s1", "ServiceRequest/s2"));
        AuditRecord export = new AuditRecord("e-2", Instant.parse("2026-12-03T10:15:31Z"), AuditRecord.Kind.EXPORT, null, 'R', 4,
                "HTTP 503", "provider", "123456", null, "gp.example", null, null, List.of("Patient/p1", "DocumentReference/d1"));
        AuditRecord refusal = new AuditRecord("e-3", Instant.parse("2026-12-03T10:15:32Z"), AuditRecord.Kind.REST, null, 'R', 4,
                "HTTP 401 login", null, null, null, "::1", "GET /fhir/Patient/p1", null, List.of());
        rows.insert(List.of(search, export, refusal));

        assertThat(jdbc.queryForObject("select count(*) from audit_event where content is null", Integer.class)).isEqualTo(3);
        assertThat(stored("e-1")).isEqualTo(AuditJson.render(search, "adapter-a"));
        assertThat(stored("e-2")).isEqualTo(AuditJson.render(export, "adapter-a"));
        assertThat(stored("e-3")).isEqualTo(AuditJson.render(refusal, "adapter-a"));
        assertThat(jdbc.queryForList("select reference from audit_entity where event_id = 'e-1' order by reference", String.class))
                .containsExactly("Patient/p1", "ServiceRequest/s1", "ServiceRequest/s2");
    }

    @Test
    void anEventWhoseClaimIsLongerThanItsColumnIsStoredAsJsonAndKeepsItWhole() {
        String client = "c".repeat(300);
        AuditRecord event = new AuditRecord("e-4", Instant.parse("2026-12-03T10:15:33Z"), AuditRecord.Kind.REST, "read", 'R', 0,
                "HTTP 200", "gp", "ydernummer-1", client, "10.0.0.8", "GET /fhir/Patient/p1", null, List.of("Patient/p1"));
        rows.insert(List.of(event));

        assertThat(jdbc.queryForObject("select content is not null from audit_event where id = 'e-4'", Boolean.class)).isTrue();
        assertThat(stored("e-4")).isEqualTo(AuditJson.render(event, "adapter-a")).contains("\"altId\":\"" + client + "\"");
    }

    @Test
    void aRowWrittenBeforeTheFieldsColumnsReadsBackUnchanged() {
        String json = "{\"resourceType\":\"AuditEvent\",\"id\":\"old-1\"}";
        jdbc.update("insert into audit_event (id, recorded, type_code, action, outcome, content) values ('old-1', ?, 'rest', 'R', '0', ?)",
                java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z"), json);

        assertThat(stored("old-1")).isEqualTo(json);
    }
}
