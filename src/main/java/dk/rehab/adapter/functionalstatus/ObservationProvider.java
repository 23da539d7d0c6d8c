package dk.rehab.adapter.functionalstatus;

import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ResourceCreates;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.StoredResourceProvider;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.fhir.search.PatientReferences;
import dk.rehab.adapter.fhir.search.SearchExecutor;
import dk.rehab.adapter.fhir.search.SqlFilter;
import dk.rehab.adapter.validation.ValidatorHolder;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code /Observation}: functional status in FSIII ({@code rehab-functional-status}). create, read, vread, search by
 * patient (also by CPR: {@code patient.identifier}), course, code (an FSIII area; legacy codes work too), date
 * (effective), phase, status; and {@code $lastn}: the latest assessment of each area for a citizen in one query.
 */
@Component
public class ObservationProvider extends StoredResourceProvider<Observation> {
    private static final Map<String, String> SORTABLE = Map.of("date", "f.effective", "_lastUpdated", "r.last_updated");

    private final SearchExecutor executor;
    private final Fsiii fsiii;

    public ObservationProvider(ResourceCreates creates, ResourceReads reads, ValidatorHolder validator, SearchExecutor executor,
                               Fsiii fsiii) {
        super(Observation.class, creates, reads, validator);
        this.executor = executor;
        this.fsiii = fsiii;
    }

    @Validate
    public MethodOutcome validate(@ResourceParam Observation resource, @Validate.Profile String profile) {
        return validateResource(resource, profile);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam id,
                                  @OptionalParam(name = Observation.SP_IDENTIFIER) TokenAndListParam identifier,
                                  @OptionalParam(name = Observation.SP_PATIENT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam patient,
                                  @OptionalParam(name = Observation.SP_SUBJECT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam subject,
                                  @OptionalParam(name = "course", targetTypes = EpisodeOfCare.class) ReferenceAndListParam course,
                                  @OptionalParam(name = Observation.SP_CODE) TokenAndListParam code,
                                  @OptionalParam(name = Observation.SP_DATE) DateAndListParam date,
                                  @OptionalParam(name = "phase") TokenAndListParam phase,
                                  @OptionalParam(name = Observation.SP_STATUS) TokenAndListParam status,
                                  @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        SqlFilter filter = filter(patient, subject, course, code, phase);
        IdentifierSearch.idFilter(filter, id);
        IdentifierSearch.identifierFilter(filter, identifier, "Observation", "r.res_id");
        filter.instants(date, "date", "f.effective");
        filter.tokens(status, "status", (system, value) -> value == null ? "1 = 0" : "f.status = " + value);
        SearchExecutor.Query<Observation> query = new SearchExecutor.Query<>(Observation.class,
                "resource r join functional_status f on f.res_id = r.res_id", filter,
                SearchExecutor.orderBy(sort, SORTABLE, "f.effective desc"), offset, count);
        return executor.bundle(executor.page(query), List.of());
    }

    /**
     * {@code $lastn} (FHIR's Observation-lastn): for each FSIII area, the {@code max} (default 1) most recent
     * assessments of the citizen, newest first, optionally only for some areas ({@code code}), one course or one
     * phase; a citizen's current functional status in one request.
     */
    @Operation(name = "$lastn", idempotent = true, bundleType = BundleTypeEnum.SEARCHSET)
    public IBundleProvider lastn(@OperationParam(name = "max", typeName = "integer", min = 0, max = 1) IPrimitiveType<Integer> max,
                                 @OperationParam(name = "patient", min = 0, max = 1) ReferenceAndListParam patient,
                                 @OperationParam(name = "subject", min = 0, max = 1) ReferenceAndListParam subject,
                                 @OperationParam(name = "course", min = 0, max = 1) ReferenceAndListParam course,
                                 @OperationParam(name = "code", min = 0, max = 1) TokenAndListParam code,
                                 @OperationParam(name = "phase", min = 0, max = 1) TokenAndListParam phase) {
        if (patient == null && subject == null) {
            throw SqlFilter.invalid("patient", "$lastn needs the citizen: patient=Patient/[id] (or subject)");
        }
        int n = max == null || max.getValue() == null ? 1 : max.getValue();
        if (n < 1) {
            throw SqlFilter.invalid("max", "max must be at least 1");
        }
        SqlFilter filter = filter(patient, subject, course, code, phase);
        String from = "resource r join (select f.*, row_number() over (partition by f.patient_id, f.area_code order by f.effective desc, f.res_id desc) rn "
                + "from functional_status f where f.status <> 'entered-in-error') f on f.res_id = r.res_id";
        filter.and("f.rn <= " + n);
        SearchExecutor.Query<Observation> query = new SearchExecutor.Query<>(Observation.class, from, filter,
                "f.area_code, f.effective desc, r.res_id", 0, 1000);
        return executor.bundle(executor.page(query), List.of());
    }

    private SqlFilter filter(ReferenceAndListParam patient, ReferenceAndListParam subject, ReferenceAndListParam course,
                             TokenAndListParam code, TokenAndListParam phase) {
        SqlFilter filter = executor.filter();
        PatientReferences.filter(filter, patient, "patient", "f.patient_id");
        PatientReferences.filter(filter, subject, "subject", "f.patient_id");
        PatientReferences.references(filter, course, "course", "f.course_id", "EpisodeOfCare");
        filter.tokens(code, "code", (system, value) -> {
            String clause = value == null ? "1 = 1" : "f.area_code = " + filter.bind(area(filter, value));
            return clause + (system == null ? "" : " and " + system + " = '" + Canonical.CS_FSIII + "'");
        });
        filter.tokens(phase, "phase", (system, value) -> (value == null ? "1 = 1" : "f.phase = " + value)
                + (system == null ? "" : " and " + system + " = '" + Canonical.CS_ASSESSMENT_PHASE + "'"));
        return filter;
    }

    private String area(SqlFilter filter, String valueBind) {
        String value = String.valueOf(filter.params().getValue(valueBind.substring(1)));
        String uuid = fsiii.uuid(value);
        return uuid == null ? value : uuid;
    }
}
