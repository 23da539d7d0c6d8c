package dk.rehab.adapter.fhir.search;

import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import dk.rehab.adapter.fhir.Canonical;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/** Search by {@code _id} and {@code identifier}, the same for every stored type. */
@Component
public class IdentifierSearch {
    private static final Map<String, String> SORTABLE = Map.of("_lastUpdated", "r.last_updated", "_id", "r.res_id");

    private final SearchExecutor executor;

    public IdentifierSearch(SearchExecutor executor) {
        this.executor = executor;
    }

    public <T extends Resource> IBundleProvider search(Class<T> type, TokenAndListParam id, TokenAndListParam identifier,
                                                       SortSpec sort, Integer offset, Integer count) {
        SqlFilter filter = executor.filter();
        idFilter(filter, id);
        identifierFilter(filter, identifier, type.getSimpleName(), "r.res_id");
        SearchExecutor.Query<T> query = new SearchExecutor.Query<>(type, "resource r", filter,
                SearchExecutor.orderBy(sort, SORTABLE, "r.last_updated desc"), offset, count);
        return executor.bundle(executor.page(query), List.of());
    }

    public static void idFilter(SqlFilter filter, TokenAndListParam id) {
        filter.tokens(id, "_id", (system, value) -> value == null ? "1 = 0" : "r.res_id = " + value);
    }

    /** {@code identifier}: a token over the identifier index of {@code type}, matched to {@code column}. */
    public static void identifierFilter(SqlFilter filter, TokenAndListParam identifier, String type, String column) {
        filter.tokens(identifier, "identifier", (system, value) -> column + " in (select i.res_id from resource_identifier i where i.res_type = '"
                + type + "'" + (system == null ? "" : " and i.id_system = " + glnAware(filter, system))
                + (value == null ? "" : " and i.id_value = " + value) + ")");
    }

    /** Both GLN system URIs find the one the adapter stores. */
    private static String glnAware(SqlFilter filter, String systemBind) {
        return "(case when " + systemBind + " = '" + Canonical.SYSTEM_GLN_HTTPS + "' then '" + Canonical.SYSTEM_GLN + "' else "
                + systemBind + " end)";
    }
}
