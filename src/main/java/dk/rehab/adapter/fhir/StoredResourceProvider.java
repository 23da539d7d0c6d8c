package dk.rehab.adapter.fhir;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * create (with If-None-Exist), read and vread for a stored resource type; each subclass adds its searches.
 * Creates go through {@link ResourceCreates}, so a resource created alone obeys the same rules as one in a
 * transaction Bundle.
 */
public abstract class StoredResourceProvider<T extends Resource> implements IResourceProvider {
    private final Class<T> type;
    private final ResourceCreates creates;
    private final ResourceReads reads;

    protected StoredResourceProvider(Class<T> type, ResourceCreates creates, ResourceReads reads) {
        this.type = type;
        this.creates = creates;
        this.reads = reads;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    @Create
    public MethodOutcome create(@ResourceParam T resource, @ConditionalUrlParam String ifNoneExist, RequestDetails request) {
        return creates.create(resource, ifNoneExist, request);
    }

    @Read(version = true)
    public T read(@IdParam IdType id) {
        return reads.read(type, id);
    }

    protected ResourceReads reads() {
        return reads;
    }
}
