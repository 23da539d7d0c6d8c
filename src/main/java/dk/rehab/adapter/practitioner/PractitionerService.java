package dk.rehab.adapter.practitioner;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.store.ResourceStore;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Practitioner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The therapist ({@code rehab-practitioner}): identified by its identifiers (the municipality's staff id, an
 * authorisation id): a create with an identifier the adapter knows returns the Practitioner it has. Runs inside the
 * caller's transaction.
 */
@Service
public class PractitionerService {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;

    public PractitionerService(ResourceStore store, JdbcTemplate jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    public void check(Practitioner practitioner, String at, Problems problems) {
        if (practitioner.getIdentifier().stream().noneMatch(i -> i.hasSystem() && i.hasValue())) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING,
                    "a therapist needs an identifier with system and value (e.g. the municipality's staff id)", at + ".identifier");
        }
        for (int i = 0; i < practitioner.getIdentifier().size(); i++) {
            Identifier identifier = practitioner.getIdentifier().get(i);
            if (Canonical.SYSTEM_CPR.equals(identifier.getSystem())) {
                problems.add(ErrorCode.INVALID_IDENTIFIER, "a therapist is not identified by a CPR number", at + ".identifier[" + i + "]");
            }
        }
        if (!practitioner.hasName() || practitioner.getName().stream().noneMatch(n -> n.hasFamily() || n.hasGiven() || n.hasText())) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a therapist needs a name", at + ".name");
        }
    }

    public Optional<String> findByIdentifier(List<Identifier> identifiers) {
        for (Identifier identifier : identifiers) {
            if (identifier.hasSystem() && identifier.hasValue()) {
                List<String> ids = jdbc.queryForList("select res_id from resource_identifier where id_value = ? and id_system = ? "
                        + "and res_type = 'Practitioner'", String.class, identifier.getValue(), identifier.getSystem());
                if (!ids.isEmpty()) {
                    return Optional.of(ids.get(0));
                }
            }
        }
        return Optional.empty();
    }

    /** Creates the Practitioner, or returns the one that has one of its identifiers. Call {@link #check} first. */
    public WriteOutcome<Practitioner> create(Practitioner practitioner) {
        Optional<String> existing = findByIdentifier(practitioner.getIdentifier());
        if (existing.isPresent()) {
            return new WriteOutcome<>(store.read(Practitioner.class, existing.get()), false);
        }
        practitioner.setId((String) null);
        practitioner.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_PRACTITIONER)));
        Practitioner stored = store.create(practitioner);
        store.indexIdentifiers("Practitioner", stored.getIdElement().getIdPart(), stored.getIdentifier());
        return new WriteOutcome<>(stored, true);
    }
}
