package dk.rehab.adapter.fhir;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.validation.ValidationResult;
import dk.rehab.adapter.validation.ProfileValidator;
import dk.rehab.adapter.validation.ValidatorHolder;
import org.hl7.fhir.r4.model.OperationOutcome;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * create (with If-None-Exist), read, vread and $validate for a stored resource type; each subclass adds its searches.
 * Creates go through {@link ResourceCreates}, so a resource created alone obeys the same rules as one in a
 * transaction Bundle.
 */
public abstract class StoredResourceProvider<T extends Resource> implements IResourceProvider {
    private final Class<T> type;
    private final ResourceCreates creates;
    private final ResourceReads reads;
    private final ValidatorHolder validator;

    protected StoredResourceProvider(Class<T> type, ResourceCreates creates, ResourceReads reads, ValidatorHolder validator) {
        this.type = type;
        this.creates = creates;
        this.reads = reads;
        this.validator = validator;
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

    /**
     * {@code $validate}: the full profile validator on a resource, nothing stored. Validates against the profiles the
     * resource claims, or the one named by the {@code profile} parameter. Answers 200 with the OperationOutcome,
     * whatever it finds (FHIR's $validate semantics). Each subclass exposes it with its concrete type (HAPI needs one).
     */
    protected MethodOutcome validateResource(T resource, String profile) {
        ProfileValidator validator = this.validator.get();
        ValidationResult result = profile == null || profile.isBlank() ? validator.validate(resource) : validator.validate(resource, profile);
        OperationOutcome outcome = (OperationOutcome) result.toOperationOutcome();
        outcome.getIssue().forEach(issue -> issue.setDiagnostics(Outcomes.scrub(issue.getDiagnostics())));
        if (outcome.getIssue().isEmpty()) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics("no issues found");
        }
        MethodOutcome answer = new MethodOutcome();
        answer.setOperationOutcome(outcome);
        return answer;
    }

    protected ResourceReads reads() {
        return reads;
    }
}
