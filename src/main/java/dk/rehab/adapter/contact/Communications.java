package dk.rehab.adapter.contact;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.store.ResourceStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Communication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stores the adapter's Communications ({@code rehab-communication}) with their row in the {@code communication}
 * projection (citizen, plan, session, category, medium, sent), which the searches and the contact work list read.
 * Runs inside the caller's transaction.
 */
@Repository
public class Communications {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;

    public Communications(ResourceStore store, JdbcTemplate jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /** Stores {@code c} (a new resource) with its projection row; returns the stored Communication. */
    public Communication create(Communication c, String patientId, String planId, String sessionId, ContactCodes.Category category,
                                ContactCodes.Medium medium, Instant sent) {
        c.setId((String) null);
        c.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_COMMUNICATION)));
        Communication stored = store.create(c);
        String id = stored.getIdElement().getIdPart();
        jdbc.update("insert into communication (res_id, patient_id, plan_id, session_id, category, medium, sent) values (?,?,?,?,?,?,?)",
                id, patientId, planId, sessionId, category.code(), medium.code(), sent.atOffset(ZoneOffset.UTC));
        store.indexIdentifiers("Communication", id, stored.getIdentifier());
        return stored;
    }

    /**
     * The SQL condition "plan {@code planColumn} has a recorded contact or a contact letter": what, besides a course,
     * takes a plan off the work list of citizens to contact.
     */
    public static String contactedSql(String planColumn) {
        return "exists (select 1 from communication m where m.plan_id = " + planColumn + " and m.category in ('contact', 'contact-letter'))";
    }
}
