package dk.rehab.adapter.fhir.search;

import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import dk.rehab.adapter.config.AdapterProperties;
import dk.rehab.adapter.store.ResourceStore;
import dk.rehab.adapter.store.StoredResource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs a search over {@code resource r} (joined with a capability's projection table): one page, and the total
 * (counted only when the first page does not already show it), then fetches what the page includes. Sorting is by whitelisted columns with the id as
 * the tie-breaker, so pages never overlap.
 */
@Component
public class SearchExecutor {
    private final NamedParameterJdbcTemplate jdbc;
    private final ResourceStore store;
    private final AdapterProperties properties;
    private final org.springframework.beans.factory.ObjectProvider<ComputedElements> computed;

    public SearchExecutor(NamedParameterJdbcTemplate jdbc, ResourceStore store, AdapterProperties properties,
                          org.springframework.beans.factory.ObjectProvider<ComputedElements> computed) {
        this.jdbc = jdbc;
        this.store = store;
        this.properties = properties;
        this.computed = computed;
    }

    public SqlFilter filter() {
        return new SqlFilter(properties.zone());
    }

    /** A search to run: the type, its FROM clause (must alias the resource table as r), filter, sorting and paging. */
    public record Query<T extends Resource>(Class<T> type, String from, SqlFilter filter, String orderBy, Integer offset,
                                            Integer count) {
    }

    /** One page of a search: the matches, in order. */
    public record Page<T extends Resource>(List<T> matches, int total, int offset, int count) {
    }

    public <T extends Resource> Page<T> page(Query<T> query) {
        int count = count(query.count());
        int offset = offset(query.offset());
        SqlFilter filter = query.filter();
        String typeName = query.type().getSimpleName();
        filter.and("r.res_type = " + filter.bind(typeName));
        List<T> matches = new ArrayList<>();
        if (count > 0) {
            String sql = "select h.res_type, h.res_id, h.version, h.last_updated, h.content from " + query.from()
                    + " join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version"
                    + filter.where() + " order by " + query.orderBy() + " limit " + count + " offset " + offset;
            jdbc.query(sql, filter.params(), rs -> {
                matches.add(store.parse(new StoredResource(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), "GET", rs.getString(5)), query.type()));
            });
        }
        if (count > 0 && offset == 0 && matches.size() < count) {
            return new Page<>(matches, matches.size(), offset, count);
        }
        Integer total = jdbc.queryForObject("select count(*) from " + query.from() + filter.where(), filter.params(), Integer.class);
        return new Page<>(matches, total == null ? 0 : total, offset, count);
    }

    /** The bundle HAPI answers with: the page's matches and the resources of {@code type} that {@code refs} names. */
    public <T extends Resource> SimpleBundleProvider bundle(Page<T> page, List<Included<T>> includes) {
        return bundle(page, includes, List.of());
    }

    /**
     * The page's matches, what they reference ({@code includes}) and what references them ({@code revIncludes}); each
     * resource at most once, and none that is a match already.
     */
    public <T extends Resource> SimpleBundleProvider bundle(Page<T> page, List<Included<T>> includes, List<RevIncluded> revIncludes) {
        if (includes.isEmpty() && revIncludes.isEmpty()) {
            return SearchPage.of(page.matches(), List.of(), page.total(), page.offset(), page.count());
        }
        List<Resource> included = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        page.matches().forEach(m -> seen.add(m.fhirType() + "/" + m.getIdElement().getIdPart()));
        for (Included<T> include : includes) {
            Set<String> ids = new LinkedHashSet<>();
            for (T match : page.matches()) {
                ids.addAll(include.ids().apply(match));
            }
            addAll(included, seen, include.type(), ids);
        }
        List<String> matchIds = page.matches().stream().map(m -> m.getIdElement().getIdPart()).toList();
        for (RevIncluded reverse : revIncludes) {
            if (!matchIds.isEmpty()) {
                List<String> ids = jdbc.queryForList(reverse.sql(), java.util.Map.of("ids", matchIds), String.class);
                addAll(included, seen, reverse.type(), new LinkedHashSet<>(ids));
            }
        }
        computed.forEach(c -> c.addTo(included.stream().filter(r -> r.fhirType().equals(c.type())).toList()));
        return SearchPage.of(page.matches(), included, page.total(), page.offset(), page.count());
    }

    private void addAll(List<Resource> included, Set<String> seen, Class<? extends Resource> type, Set<String> ids) {
        ids.removeIf(id -> seen.contains(type.getSimpleName() + "/" + id));
        for (StoredResource stored : store.currentMany(type.getSimpleName(), ids)) {
            if (seen.add(type.getSimpleName() + "/" + stored.id())) {
                included.add(store.parse(stored, type));
            }
        }
    }

    /** A _revinclude: the type it brings and the query of the ids that reference the matches (bound to :ids). */
    public record RevIncluded(Class<? extends Resource> type, String sql) {
    }

    /** An _include: the type it brings and the ids a match references. */
    public record Included<T extends Resource>(Class<? extends Resource> type, Function<T, List<String>> ids) {
    }

    /** ORDER BY from _sort, with whitelisted parameter names mapped to columns; the id breaks ties. */
    public static String orderBy(SortSpec sort, Map<String, String> columns, String defaultOrder) {
        if (sort == null) {
            return defaultOrder + ", r.res_id";
        }
        List<String> parts = new ArrayList<>();
        for (SortSpec s = sort; s != null; s = s.getChain()) {
            String column = columns.get(s.getParamName());
            if (column == null) {
                throw SqlFilter.invalid("_sort", "cannot sort by '" + s.getParamName() + "'; sortable: " + String.join(", ", columns.keySet()));
            }
            parts.add(column + (s.getOrder() == SortOrderEnum.DESC ? " desc" : " asc"));
        }
        parts.add("r.res_id");
        return String.join(", ", parts);
    }

    private int count(Integer requested) {
        if (requested == null) {
            return properties.paging().defaultCount();
        }
        if (requested < 0) {
            throw SqlFilter.invalid("_count", "_count must not be negative");
        }
        return Math.min(requested, properties.paging().maxCount());
    }

    private static int offset(Integer requested) {
        if (requested == null) {
            return 0;
        }
        if (requested < 0) {
            throw SqlFilter.invalid("_offset", "_offset must not be negative");
        }
        return requested;
    }
}
