package dk.rehab.adapter.notification;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.fhir.search.SearchExecutor;
import dk.rehab.adapter.fhir.search.SqlFilter;
import dk.rehab.adapter.patient.Cpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code /Encounter}: the hospital stays the adapter was notified of ({@code rehab-hospital-stay}), read-only: read,
 * vread and search by patient (id, or CPR with {@code patient.identifier} — also for a citizen the adapter does not
 * know), identifier (the stay's key), episode-of-care (the course put on hold), status (of the stay: admitted, on-leave,
 * discharged, cancelled; unrelated for a notification of a stay the adapter never saw admitted) and date (the admission).
 */
@Component
public class EncounterProvider implements IResourceProvider {
    private static final Map<String, String> SORTABLE = Map.of("date", "hs.admitted_at", "_lastUpdated", "r.last_updated");

    private final ResourceReads reads;
    private final SearchExecutor executor;

    public EncounterProvider(ResourceReads reads, SearchExecutor executor) {
        this.reads = reads;
        this.executor = executor;
    }

    @Override
    public Class<Encounter> getResourceType() {
        return Encounter.class;
    }

    @Read(version = true)
    public Encounter read(@IdParam IdType id) {
        return reads.read(Encounter.class, id);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam id,
                                  @OptionalParam(name = Encounter.SP_IDENTIFIER) TokenAndListParam identifier,
                                  @OptionalParam(name = Encounter.SP_PATIENT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam patient,
                                  @OptionalParam(name = Encounter.SP_SUBJECT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam subject,
                                  @OptionalParam(name = Encounter.SP_EPISODE_OF_CARE, targetTypes = EpisodeOfCare.class) ReferenceAndListParam course,
                                  @OptionalParam(name = Encounter.SP_STATUS) TokenAndListParam status,
                                  @OptionalParam(name = Encounter.SP_DATE) DateAndListParam date,
                                  @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        SqlFilter filter = executor.filter();
        IdentifierSearch.idFilter(filter, id);
        IdentifierSearch.identifierFilter(filter, identifier, "Encounter", "r.res_id");
        citizen(filter, patient, "patient");
        citizen(filter, subject, "subject");
        if (course != null) {
            for (ReferenceOrListParam or : course.getValuesAsQueryTokens()) {
                List<String> alternatives = new ArrayList<>();
                for (ReferenceParam ref : or.getValuesAsQueryTokens()) {
                    if (ref.getIdPart() == null || ref.getIdPart().isEmpty() || ref.getChain() != null && !ref.getChain().isEmpty()) {
                        throw SqlFilter.invalid("episode-of-care", "episode-of-care takes a course id (EpisodeOfCare/123)");
                    }
                    alternatives.add("exists (select 1 from hospital_stay_course hc where hc.stay_key = hs.stay_key and hc.course_id = "
                            + filter.bind(ref.getIdPart()) + ")");
                }
                filter.and("(" + String.join(" or ", alternatives) + ")");
            }
        }
        filter.tokens(status, "status", (system, value) -> value == null ? "1 = 0" : "hs.status = " + value);
        filter.instants(date, "date", "hs.admitted_at");
        SearchExecutor.Query<Encounter> query = new SearchExecutor.Query<>(Encounter.class,
                "resource r join hospital_stay hs on hs.encounter_id = r.res_id", filter,
                SearchExecutor.orderBy(sort, SORTABLE, "hs.admitted_at desc"), offset, count);
        return executor.bundle(executor.page(query), List.of());
    }

    /** The citizen by id, or by CPR: a stay of a citizen the adapter does not know keeps the CPR number instead. */
    private static void citizen(SqlFilter filter, ReferenceAndListParam param, String name) {
        if (param == null) {
            return;
        }
        for (ReferenceOrListParam or : param.getValuesAsQueryTokens()) {
            List<String> alternatives = new ArrayList<>();
            for (ReferenceParam ref : or.getValuesAsQueryTokens()) {
                if ("identifier".equals(ref.getChain())) {
                    String token = ref.getValue() == null ? "" : ref.getValue();
                    int bar = token.indexOf('|');
                    String system = bar < 0 ? null : token.substring(0, bar);
                    String value = bar < 0 ? token : token.substring(bar + 1);
                    if (system != null && !system.isEmpty() && !Canonical.SYSTEM_CPR.equals(system) || Cpr.problem(value) != null) {
                        throw SqlFilter.invalid(name, name + ".identifier takes a CPR number (" + Canonical.SYSTEM_CPR + "|…)");
                    }
                    String cpr = filter.bind(Cpr.normalise(value));
                    alternatives.add("(hs.cpr = " + cpr + " or hs.patient_id in (select pt.res_id from patient pt where pt.cpr = " + cpr + "))");
                } else if (ref.getChain() == null || ref.getChain().isEmpty()) {
                    if (ref.getIdPart() == null || ref.getIdPart().isEmpty()) {
                        throw SqlFilter.invalid(name, "the value of " + name + " is empty");
                    }
                    alternatives.add("hs.patient_id = " + filter.bind(ref.getIdPart()));
                } else {
                    throw SqlFilter.invalid(name, name + " can be chained only with .identifier");
                }
            }
            filter.and("(" + String.join(" or ", alternatives) + ")");
        }
    }
}
