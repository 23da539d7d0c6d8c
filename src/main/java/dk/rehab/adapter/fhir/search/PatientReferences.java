package dk.rehab.adapter.fhir.search;

import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.organization.OrganizationIds;
import dk.rehab.adapter.patient.Cpr;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference search parameters to a Patient or an Organization: by id ({@code patient=Patient/123},
 * {@code patient=123}) or chained by identifier ({@code patient.identifier=urn:oid:1.2.208.176.1.2|…},
 * {@code subject:Patient.identifier=…}), so a client can find a citizen's plans by CPR without knowing ids.
 * Also used for requester (Organization, by SOR or GLN/EAN).
 */
public final class PatientReferences {
    private PatientReferences() {
    }

    public static void filter(SqlFilter filter, ReferenceAndListParam param, String name, String column) {
        references(filter, param, name, column, "Patient");
    }

    public static void references(SqlFilter filter, ReferenceAndListParam param, String name, String column, String targetType) {
        references(filter, param, name, column, java.util.Set.of(targetType));
    }

    /** As {@link #references(SqlFilter, ReferenceAndListParam, String, String, String)}, with several target types (ids are unique across types). */
    public static void references(SqlFilter filter, ReferenceAndListParam param, String name, String column, java.util.Set<String> targetTypes) {
        String targetType = targetTypes.size() == 1 ? targetTypes.iterator().next() : String.join(" or ", new java.util.TreeSet<>(targetTypes));
        if (param == null) {
            return;
        }
        for (ReferenceOrListParam or : param.getValuesAsQueryTokens()) {
            List<String> alternatives = new ArrayList<>();
            for (ReferenceParam ref : or.getValuesAsQueryTokens()) {
                if (ref.getResourceType() != null && !targetTypes.contains(ref.getResourceType())) {
                    throw SqlFilter.invalid(name, name + " refers to a " + targetType + ", not a " + ref.getResourceType());
                }
                if ("identifier".equals(ref.getChain())) {
                    for (String type : ref.getResourceType() != null ? List.of(ref.getResourceType()) : new java.util.TreeSet<>(targetTypes)) {
                        alternatives.add(column + " in " + byIdentifier(filter, ref.getValue(), name, type));
                    }
                } else if (ref.getChain() == null || ref.getChain().isEmpty()) {
                    String id = ref.getIdPart();
                    if (id == null || id.isEmpty()) {
                        throw SqlFilter.invalid(name, "the value of " + name + " is empty");
                    }
                    alternatives.add(column + " = " + filter.bind(id));
                } else {
                    throw SqlFilter.invalid(name, name + " can be chained only with .identifier");
                }
            }
            filter.and("(" + String.join(" or ", alternatives) + ")");
        }
    }

    private static String byIdentifier(SqlFilter filter, String token, String name, String targetType) {
        int bar = token == null ? -1 : token.indexOf('|');
        String system = bar < 0 ? null : token.substring(0, bar);
        String value = bar < 0 ? token : token.substring(bar + 1);
        if (value == null || value.isEmpty()) {
            throw SqlFilter.invalid(name, name + ".identifier needs a value");
        }
        if ("Patient".equals(targetType) && (system == null || system.isEmpty() || Canonical.SYSTEM_CPR.equals(system))) {
            if (Cpr.problem(value) == null) {
                return "(select pt.res_id from patient pt where pt.cpr = " + filter.bind(Cpr.normalise(value)) + ")";
            }
            if (Canonical.SYSTEM_CPR.equals(system)) {
                throw SqlFilter.invalid(name, Cpr.problem(value));
            }
        }
        String systemClause = system == null || system.isEmpty() ? ""
                : " and i.id_system = " + filter.bind(OrganizationIds.normaliseSystem(system));
        return "(select i.res_id from resource_identifier i where i.res_type = '" + targetType + "'" + systemClause
                + " and i.id_value = " + filter.bind(value) + ")";
    }
}
