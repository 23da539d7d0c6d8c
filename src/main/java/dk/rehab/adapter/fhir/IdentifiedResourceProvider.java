package dk.rehab.adapter.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.validation.ValidatorHolder;
import org.hl7.fhir.r4.model.Resource;

/** A stored type found by {@code _id} and {@code identifier} only (Patient, Organization). */
public abstract class IdentifiedResourceProvider<T extends Resource> extends StoredResourceProvider<T> {
    private final IdentifierSearch search;

    protected IdentifiedResourceProvider(Class<T> type, ResourceCreates creates, ResourceReads reads, ValidatorHolder validator,
                                         IdentifierSearch search) {
        super(type, creates, reads, validator);
        this.search = search;
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam id,
                                  @OptionalParam(name = "identifier") TokenAndListParam identifier,
                                  @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        return search.search(getResourceType(), id, identifier, sort, offset, count);
    }
}
