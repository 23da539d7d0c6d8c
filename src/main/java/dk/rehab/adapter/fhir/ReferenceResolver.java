package dk.rehab.adapter.fhir;

import dk.rehab.adapter.organization.OrganizationIds;
import dk.rehab.adapter.patient.Cpr;
import dk.rehab.adapter.store.ResourceStore;
import java.util.List;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Resolves a Reference in an incoming resource to a stored resource and rewrites it to the local
 * {@code Type/id} form. Accepted forms: {@code Type/id} of an existing resource, a Bundle placeholder
 * ({@code urn:uuid:…}) of an entry of the same transaction, or a logical reference by identifier — a
 * Patient by CPR, an Organization by SOR or GLN/EAN. A reference that resolves to nothing is refused
 * ({@link ErrorCode#REFERENCE_NOT_FOUND}); the adapter does not keep dangling references.
 */
@Component
public class ReferenceResolver {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;

    public ReferenceResolver(ResourceStore store, JdbcTemplate jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /**
     * @return the id of the referenced {@code type} resource, or null (with a problem added) when the
     *     reference cannot be resolved
     */
    public String resolve(Reference ref, String type, String expression, Problems problems, WriteScope scope) {
        if (ref == null || ref.isEmpty()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a reference to a " + type + " is required", expression);
            return null;
        }
        if (ref.hasReference()) {
            return resolveLiteral(ref, type, expression, problems, scope);
        }
        if (ref.hasIdentifier()) {
            return resolveIdentifier(ref, type, expression, problems);
        }
        problems.add(ErrorCode.INVALID_REFERENCE, "the reference has neither a reference nor an identifier", expression);
        return null;
    }

    private String resolveLiteral(Reference ref, String type, String expression, Problems problems, WriteScope scope) {
        String literal = ref.getReference();
        boolean placeholder = scope.isPlaceholder(literal);
        String local = placeholder ? scope.resolvePlaceholder(literal) : literal;
        if (local == null) {
            problems.add(ErrorCode.REFERENCE_NOT_FOUND,
                    "the reference " + literal + " names no entry of this Bundle", expression + ".reference");
            return null;
        }
        String[] parts = local.split("/");
        if (local.contains("://") || parts.length < 2 || (parts.length != 2 && !(parts.length == 4 && "_history".equals(parts[2])))) {
            problems.add(ErrorCode.INVALID_REFERENCE,
                    "references must be local (" + type + "/[id]); '" + literal + "' is not", expression + ".reference");
            return null;
        }
        if (!type.equals(parts[0])) {
            problems.add(ErrorCode.INVALID_REFERENCE,
                    "the reference must point at a " + type + ", not a " + parts[0], expression + ".reference");
            return null;
        }
        if (!placeholder && !scope.isStoredHere(local) && !store.exists(type, parts[1])) {
            problems.add(ErrorCode.REFERENCE_NOT_FOUND, "there is no " + type + " with id " + parts[1], expression + ".reference");
            return null;
        }
        ref.setReference(type + "/" + parts[1]);
        return parts[1];
    }

    /**
     * Like {@link #resolve}, but a logical reference (by identifier) to an organisation the adapter does not hold is
     * kept as it is: receivers of copies and final statuses (a GP known by ydernummer, a hospital by GLN) need not be
     * stored to be named. Returns the id when the reference resolves, else null.
     */
    public String resolveOrKeepLogical(Reference ref, String type, String expression, Problems problems, WriteScope scope) {
        if (ref != null && !ref.hasReference() && ref.hasIdentifier() && ref.getIdentifier().hasSystem() && ref.getIdentifier().hasValue()) {
            List<String> ids = lookup(type, ref.getIdentifier());
            if (ids.isEmpty()) {
                return null;
            }
            ref.setReference(type + "/" + ids.get(0));
            return ids.get(0);
        }
        return resolve(ref, type, expression, problems, scope);
    }

    private List<String> lookup(String type, Identifier identifier) {
        String system = identifier.getSystem();
        if ("Organization".equals(type) && (OrganizationIds.isGln(system) || Canonical.SYSTEM_SOR.equals(system))) {
            return jdbc.queryForList("select res_id from organization_key where id_system = ? and id_value = ?", String.class,
                    OrganizationIds.normaliseSystem(system), identifier.getValue());
        }
        return jdbc.queryForList("select distinct res_id from resource_identifier where res_type = ? and id_system = ? and id_value = ?",
                String.class, type, system, identifier.getValue());
    }

    private String resolveIdentifier(Reference ref, String type, String expression, Problems problems) {
        Identifier identifier = ref.getIdentifier();
        String system = identifier.getSystem();
        String value = identifier.getValue();
        List<String> ids;
        if ("Patient".equals(type) && Canonical.SYSTEM_CPR.equals(system)) {
            if (Cpr.problem(value) != null) {
                problems.add(ErrorCode.INVALID_CPR, Cpr.problem(value), expression + ".identifier.value");
                return null;
            }
            ids = jdbc.queryForList("select res_id from patient where cpr = ?", String.class, Cpr.normalise(value));
        } else if ("Organization".equals(type) && system != null
                && (OrganizationIds.isGln(system) || Canonical.SYSTEM_SOR.equals(system))) {
            ids = jdbc.queryForList("select res_id from organization_key where id_system = ? and id_value = ?", String.class,
                    OrganizationIds.normaliseSystem(system), value);
        } else {
            problems.add(ErrorCode.INVALID_REFERENCE, "a " + type + " can be referenced by identifier only with "
                    + ("Patient".equals(type) ? "a CPR number" : "a SOR id or a GLN/EAN number"), expression + ".identifier");
            return null;
        }
        if (ids.isEmpty()) {
            problems.add(ErrorCode.REFERENCE_NOT_FOUND, "no " + type + " has that identifier", expression + ".identifier");
            return null;
        }
        ref.setReference(type + "/" + ids.get(0));
        return ids.get(0);
    }
}
