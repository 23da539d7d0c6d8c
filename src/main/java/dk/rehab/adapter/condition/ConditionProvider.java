package dk.rehab.adapter.condition;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.StoredResourceProvider;
import dk.rehab.adapter.validation.ValidatorHolder;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.fhir.search.PatientReferences;
import dk.rehab.adapter.fhir.search.SearchExecutor;
import dk.rehab.adapter.fhir.search.SqlFilter;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/** {@code /Condition}: create, read, vread, search by identifier, patient (also by CPR) and SKS code. */
@Component
public class ConditionProvider extends StoredResourceProvider<Condition> {
    private static final Map<String, String> SORTABLE = Map.of("_lastUpdated", "r.last_updated", "code", "c.code");

    private final SearchExecutor executor;

    public ConditionProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, SearchExecutor executor) {
        super(Condition.class, creates, reads, validator);
        this.executor = executor;
    }

    @Validate
    public MethodOutcome validate(@ResourceParam Condition resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam id,
                                  @OptionalParam(name = "identifier") TokenAndListParam identifier,
                                  @OptionalParam(name = Condition.SP_PATIENT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam patient,
                                  @OptionalParam(name = Condition.SP_SUBJECT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam subject,
                                  @OptionalParam(name = Condition.SP_CODE) TokenAndListParam code,
                                  @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        SqlFilter filter = executor.filter();
        IdentifierSearch.idFilter(filter, id);
        IdentifierSearch.identifierFilter(filter, identifier, "Condition", "r.res_id");
        PatientReferences.filter(filter, patient, "patient", "c.patient_id");
        PatientReferences.filter(filter, subject, "subject", "c.patient_id");
        filter.tokens(code, "code", (system, value) -> (value == null ? "1 = 1" : "c.code = " + value)
                + (system == null ? "" : " and " + system + " = '" + dk.rehab.adapter.fhir.Canonical.SYSTEM_SKS + "'"));
        SearchExecutor.Query<Condition> query = new SearchExecutor.Query<>(Condition.class,
                "resource r join condition_index c on c.res_id = r.res_id", filter,
                SearchExecutor.orderBy(sort, SORTABLE, "r.last_updated desc"), offset, count);
        return executor.bundle(executor.page(query), List.of());
    }
}
