package dk.rehab.adapter.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dk.rehab.adapter.fhir.AdapterException;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.search.SearchPage;
import dk.rehab.adapter.fhir.search.SqlFilter;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code /AuditEvent}: the audit trail, read and search only (no create, update, patch or delete: HAPI answers those
 * 405 method-not-allowed for every caller). Who may read it is decided in {@link dk.rehab.adapter.security.AccessRules}
 * (the auditor). Searches: patient, agent, date, entity, outcome, subtype, type; newest first; _count/_offset paging.
 */
@Component
public class AuditEventProvider implements IResourceProvider {
    private final AuditSearch search;
    private final FhirContext fhir;

    public AuditEventProvider(AuditSearch search, FhirContext fhir) {
        this.search = search;
        this.fhir = fhir;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id) {
        return search.read(id.getIdPart()).map(this::parse)
                .orElseThrow(() -> new AdapterException(ErrorCode.NOT_FOUND, "there is no AuditEvent with id " + id.getIdPart(), null));
    }

    @Search(allowUnknownParams = false)
    public IBundleProvider search(@OptionalParam(name = AuditEvent.SP_PATIENT, targetTypes = Patient.class) ReferenceAndListParam patient,
                                  @OptionalParam(name = AuditEvent.SP_AGENT) TokenAndListParam agent,
                                  @OptionalParam(name = AuditEvent.SP_DATE) DateAndListParam date,
                                  @OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceAndListParam entity,
                                  @OptionalParam(name = AuditEvent.SP_OUTCOME) TokenAndListParam outcome,
                                  @OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenAndListParam subtype,
                                  @OptionalParam(name = AuditEvent.SP_TYPE) TokenAndListParam type,
                                  @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        SqlFilter filter = search.filter();
        search.patient(filter, patient);
        search.agent(filter, agent);
        search.date(filter, date);
        search.entity(filter, entity);
        search.code(filter, outcome, "outcome", "e.outcome");
        search.code(filter, subtype, "subtype", "e.subtype");
        search.code(filter, type, "type", "e.type_code");
        boolean ascending = false;
        if (sort != null) {
            if (!"date".equals(sort.getParamName()) || sort.getChain() != null) {
                throw SqlFilter.invalid("_sort", "cannot sort by '" + sort.getParamName() + "'; sortable: date");
            }
            ascending = sort.getOrder() != SortOrderEnum.DESC;
        }
        AuditSearch.Page page = search.page(filter, ascending, offset, count);
        List<AuditEvent> events = page.json().stream().map(this::parse).toList();
        return SearchPage.of(events, List.of(), page.total(), page.offset(), page.count());
    }

    private AuditEvent parse(String json) {
        return fhir.newJsonParser().parseResource(AuditEvent.class, json);
    }
}
