package dk.rehab.adapter.transfer;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.organization.OrganizationService;
import dk.rehab.adapter.store.ResourceStore;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The stored Organization of a transfer's receiver, which the plan's performer then refers to: the one that has one of
 * the receiver's identifiers, else a new one. A receiver with a SOR id (or GLN) is created through the organisation
 * rules ({@link OrganizationService}: one Organization per SOR/GLN); one known only by CVR number or municipality code
 * is stored as it is, found again by that identifier.
 */
@Component
class ReceiverOrganizations {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final OrganizationService organizations;

    ReceiverOrganizations(ResourceStore store, JdbcTemplate jdbc, OrganizationService organizations) {
        this.store = store;
        this.jdbc = jdbc;
        this.organizations = organizations;
    }

    /** The receiver's Organization id (found or created in the caller's transaction). */
    String ensure(Receiver receiver) {
        for (Identifier id : receiver.identifiers()) {
            Optional<String> known = jdbc.queryForList("select res_id from resource_identifier where res_type = 'Organization' "
                    + "and id_system = ? and id_value = ?", String.class, id.getSystem(), id.getValue()).stream().findFirst();
            if (known.isPresent()) {
                return known.get();
            }
        }
        Organization org = new Organization();
        org.setActive(true);
        org.setName(receiver.name());
        receiver.identifiers().forEach(i -> org.addIdentifier(i.copy()));
        boolean keyed = receiver.identifiers().stream().anyMatch(i -> Canonical.SYSTEM_SOR.equals(i.getSystem())
                || Canonical.SYSTEM_GLN.equals(i.getSystem()));
        if (keyed) {
            Problems problems = new Problems();
            organizations.check(org, "Organization", problems);
            problems.throwIfAny();
            return organizations.create(org, "Organization").resource().getIdElement().getIdPart();
        }
        Organization stored = store.create(org);
        String id = stored.getIdElement().getIdPart();
        store.indexIdentifiers("Organization", id, List.copyOf(stored.getIdentifier()));
        return id;
    }
}
