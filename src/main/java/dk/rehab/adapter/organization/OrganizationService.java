package dk.rehab.adapter.organization;

import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Hospitals, departments, municipalities and GP practices ({@code rehab-organization}). An organisation is one
 * Organization: a create whose SOR id or GLN/EAN number is known returns the Organization that has it, and
 * learns any SOR/GLN identifier it did not have yet (a new version). Identifiers that name two different
 * Organizations are refused ({@link ErrorCode#IDENTITY_CONFLICT}).
 */
@Service
public class OrganizationService {
    /** Identifier systems an Organization has at most one of (rehab-organization slices). */
    private static final Set<String> ONE_EACH = Set.of(Canonical.SYSTEM_SOR, Canonical.SYSTEM_GLN, Canonical.SYSTEM_YDERNUMMER,
            Canonical.SYSTEM_MUNICIPALITY_CODE);
    /** Identifier systems of which DK Core's organization profile requires one (SOR, KOMBIT, CVR). */
    private static final Set<String> DK_CORE_KEYS = Set.of(Canonical.SYSTEM_SOR, "urn:oid:1.2.208.176.1.8", "urn:oid:2.5.4.97");

    private final ResourceStore store;
    private final JdbcTemplate jdbc;

    public OrganizationService(ResourceStore store, JdbcTemplate jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    public void check(Organization org, String at, Problems problems) {
        int keys = 0;
        java.util.Map<String, Integer> perSystem = new java.util.HashMap<>();
        for (int i = 0; i < org.getIdentifier().size(); i++) {
            Identifier identifier = org.getIdentifier().get(i);
            String system = identifier.getSystem();
            String where = at + ".identifier[" + i + "]";
            if (!identifier.hasValue()) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "an identifier needs a value", where + ".value");
                continue;
            }
            String problem = null;
            String slice = OrganizationIds.isGln(system) ? Canonical.SYSTEM_GLN : system;
            if (slice != null && ONE_EACH.contains(slice) && perSystem.merge(slice, 1, Integer::sum) > 1) {
                problems.add(ErrorCode.INVALID_VALUE, "an Organization has at most one identifier of system " + slice, where);
            }
            if ((Canonical.SYSTEM_SOR.equals(slice) || Canonical.SYSTEM_GLN.equals(slice))
                    && identifier.hasUse() && identifier.getUse() != Identifier.IdentifierUse.OFFICIAL) {
                problems.add(ErrorCode.INVALID_VALUE, "a SOR or GLN identifier's use is 'official'", where + ".use");
            }
            if (OrganizationIds.isGln(system)) {
                keys++;
                problem = OrganizationIds.glnProblem(identifier.getValue());
            } else if (Canonical.SYSTEM_SOR.equals(system)) {
                keys++;
                problem = OrganizationIds.sorProblem(identifier.getValue());
            } else if (Canonical.SYSTEM_MUNICIPALITY_CODE.equals(system) && !identifier.getValue().matches("\\d{4}")) {
                problem = "a municipality code is 4 digits (Ishøj is 0183)";
            }
            if (problem != null) {
                problems.add(ErrorCode.INVALID_IDENTIFIER, problem, where + ".value");
            }
        }
        if (keys == 0) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "an Organization needs a SOR id (" + Canonical.SYSTEM_SOR
                    + ") or a GLN/EAN number (" + Canonical.SYSTEM_GLN + ")", at + ".identifier");
        }
        if (!org.hasName()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "an Organization needs a name", at + ".name");
        }
    }

    /** Creates the Organization, or returns (and completes) the one that already has its SOR/GLN. Call {@link #check} first. */
    public WriteOutcome<Organization> create(Organization org, String at) {
        for (Identifier identifier : org.getIdentifier()) {
            identifier.setSystem(OrganizationIds.normaliseSystem(identifier.getSystem()));
        }
        Set<String> owners = new LinkedHashSet<>();
        for (Identifier key : keys(org)) {
            owners.addAll(jdbc.queryForList("select res_id from organization_key where id_system = ? and id_value = ?",
                    String.class, key.getSystem(), key.getValue()));
        }
        if (owners.size() > 1) {
            throw new AdapterException(ErrorCode.IDENTITY_CONFLICT,
                    "the SOR and GLN/EAN identifiers belong to different Organizations: " + String.join(", ", owners),
                    at + ".identifier");
        }
        if (owners.size() == 1) {
            return new WriteOutcome<>(learn(owners.iterator().next(), org), false);
        }
        org.setId((String) null);
        claimProfiles(org);
        Organization stored = store.create(org);
        String id = stored.getIdElement().getIdPart();
        for (Identifier key : keys(stored)) {
            jdbc.update("insert into organization_key (id_system, id_value, res_id) values (?,?,?)", key.getSystem(), key.getValue(), id);
        }
        store.indexIdentifiers("Organization", id, stored.getIdentifier());
        return new WriteOutcome<>(stored, true);
    }

    public Organization read(String id) {
        return store.read(Organization.class, id);
    }

    /**
     * The existing Organization, with the SOR/GLN identifiers of {@code incoming} it lacked. Only a change takes
     * the row lock: the usual case, a hospital that sends another plan, reads without blocking other plans.
     */
    private Organization learn(String id, Organization incoming) {
        Organization stored = store.read(Organization.class, id);
        if (keys(incoming).stream().allMatch(key -> has(stored, key))) {
            return stored;
        }
        StoredResource current = store.currentForUpdate("Organization", id).orElseThrow();
        Organization existing = store.parse(current, Organization.class);
        boolean changed = false;
        for (Identifier key : keys(incoming)) {
            boolean known = existing.getIdentifier().stream()
                    .anyMatch(i -> key.getSystem().equals(i.getSystem()) && key.getValue().equals(i.getValue()));
            boolean otherOfSameSystem = existing.getIdentifier().stream()
                    .anyMatch(i -> key.getSystem().equals(i.getSystem()) && !key.getValue().equals(i.getValue()));
            if (otherOfSameSystem) {
                throw new AdapterException(ErrorCode.IDENTITY_CONFLICT, "Organization/" + id + " has another identifier of system "
                        + key.getSystem() + " than the one given with its other identifier", "Organization.identifier");
            }
            if (!known) {
                existing.addIdentifier(key.copy());
                jdbc.update("insert into organization_key (id_system, id_value, res_id) values (?,?,?)", key.getSystem(), key.getValue(), id);
                changed = true;
            }
        }
        if (!changed) {
            return existing;
        }
        claimProfiles(existing);
        Organization updated = store.update(existing, current.version()).orElseThrow(
                () -> new AdapterException(ErrorCode.VERSION_CONFLICT, "the Organization changed meanwhile; send again", null));
        store.reindexIdentifiers("Organization", id, updated.getIdentifier());
        return updated;
    }

    /** rehab-organization always; DK Core's profile only when the organisation has an identifier DK Core requires. */
    private static void claimProfiles(Organization org) {
        List<CanonicalType> profiles = new java.util.ArrayList<>(List.of(new CanonicalType(Canonical.PROFILE_ORGANIZATION)));
        if (org.getIdentifier().stream().anyMatch(i -> (i.getSystem() != null && DK_CORE_KEYS.contains(i.getSystem())))) {
            profiles.add(new CanonicalType(Canonical.DK_CORE_ORGANIZATION));
        }
        org.getMeta().setProfile(profiles);
    }

    private static boolean has(Organization org, Identifier key) {
        return org.getIdentifier().stream().anyMatch(i -> key.getSystem().equals(i.getSystem()) && key.getValue().equals(i.getValue()));
    }

    private static List<Identifier> keys(Organization org) {
        return org.getIdentifier().stream()
                .filter(i -> i.hasValue() && (Canonical.SYSTEM_SOR.equals(i.getSystem()) || OrganizationIds.isGln(i.getSystem())))
                .toList();
    }
}
