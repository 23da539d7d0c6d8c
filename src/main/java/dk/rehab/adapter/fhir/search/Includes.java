package dk.rehab.adapter.fhir.search;

import ca.uhn.fhir.model.api.Include;
import dk.rehab.adapter.fhir.search.SearchExecutor.Included;
import dk.rehab.adapter.fhir.search.SearchExecutor.RevIncluded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Resource;

/**
 * The {@code _include} and {@code _revinclude} values one search type supports, declared once per provider, and what
 * a request's values resolve to — {@code *} included, which (as on HAPI's JPA server) means every one the type
 * declares. A value the type does not declare is a {@code 400 invalid-search-parameter}.
 */
public final class Includes<T extends Resource> {
    private final Map<String, List<Included<T>>> forward = new LinkedHashMap<>();
    private final Map<String, RevIncluded> reverse = new LinkedHashMap<>();

    /** {@code _include=name}: resources of {@code type} whose ids {@code ids} reads from each match. */
    public Includes<T> include(String name, Class<? extends Resource> type, Function<T, List<String>> ids) {
        forward.computeIfAbsent(name, n -> new ArrayList<>()).add(new Included<>(type, ids));
        return this;
    }

    /**
     * {@code _revinclude=name} ({@code Source:parameter}): resources of {@code type} whose ids {@code sql} selects, with
     * {@code :ids} bound to the ids of the page's matches.
     */
    public Includes<T> revinclude(String name, Class<? extends Resource> type, String sql) {
        reverse.put(name, new RevIncluded(type, sql));
        return this;
    }

    public List<Included<T>> forward(Set<Include> requested) {
        List<Included<T>> result = new ArrayList<>();
        for (String name : names(requested, forward.keySet(), "_include")) {
            result.addAll(forward.get(name));
        }
        return result;
    }

    public List<RevIncluded> reverse(Set<Include> requested) {
        return names(requested, reverse.keySet(), "_revinclude").stream().map(reverse::get).toList();
    }

    private static Set<String> names(Set<Include> requested, Set<String> known, String parameter) {
        Set<String> names = new LinkedHashSet<>();
        if (requested == null) {
            return names;
        }
        for (Include include : requested) {
            String value = include.getValue();
            if ("*".equals(value)) {
                names.addAll(known);
            } else if (known.contains(value)) {
                names.add(value);
            } else {
                throw SqlFilter.invalid(parameter, "cannot " + parameter + " " + value
                        + (known.isEmpty() ? "; this type supports none" : "; supported: " + String.join(", ", known) + " and *"));
            }
        }
        return names;
    }
}
