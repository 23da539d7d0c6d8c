package dk.rehab.adapter.fhir.search;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * One page of search results, with the resources it includes: HAPI writes the searchset Bundle, its total
 * and its self/next/previous links from it. Paging is stateless (offset-based): any instance of the server
 * can answer any page.
 */
public final class SearchPage {
    private SearchPage() {
    }

    public static SimpleBundleProvider of(List<? extends Resource> matches, List<? extends Resource> included,
                                          int total, int offset, int count) {
        List<IBaseResource> all = new ArrayList<>(matches.size() + included.size());
        for (Resource match : matches) {
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(match, BundleEntrySearchModeEnum.MATCH);
            all.add(match);
        }
        for (Resource include : included) {
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(include, BundleEntrySearchModeEnum.INCLUDE);
            all.add(include);
        }
        SimpleBundleProvider page = new SimpleBundleProvider(all) {
            @Override
            public List<IBaseResource> getResources(int fromIndex, int toIndex) {
                return all;
            }
        };
        page.setSize(total);
        page.setCurrentPageOffset(offset);
        page.setCurrentPageSize(count);
        page.setPreferredPageSize(count);
        return page;
    }
}
