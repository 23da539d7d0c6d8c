package dk.rehab.adapter.finalstatus;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dk.rehab.adapter.fhir.ResourceReads;
import dk.rehab.adapter.fhir.WriteTransactions;
import dk.rehab.adapter.fhir.search.IdentifierSearch;
import dk.rehab.adapter.fhir.search.PatientReferences;
import dk.rehab.adapter.fhir.search.SearchExecutor;
import dk.rehab.adapter.fhir.search.Recipients;
import dk.rehab.adapter.fhir.search.SqlFilter;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code /DocumentReference}: the final statuses ({@code rehab-final-status}), produced by the adapter when a course
 * finishes: read, vread, search by patient (also by CPR), course, identifier, status; and {@code $correct}: a corrected
 * final status from the data as it is now, replacing this one (which becomes {@code superseded}) and delivered to the
 * same recipients.
 */
@Component
public class DocumentReferenceProvider implements IResourceProvider {
    private static final Map<String, String> SORTABLE = Map.of("date", "f.created", "_lastUpdated", "r.last_updated");
    private final ResourceReads reads;
    private final SearchExecutor executor;
    private final WriteTransactions transactions;
    private final FinalStatusService finalStatus;

    public DocumentReferenceProvider(ResourceReads reads, SearchExecutor executor, WriteTransactions transactions,
                                     FinalStatusService finalStatus) {
        this.reads = reads;
        this.executor = executor;
        this.transactions = transactions;
        this.finalStatus = finalStatus;
    }

    @Override
    public Class<DocumentReference> getResourceType() {
        return DocumentReference.class;
    }

    @Read(version = true)
    public DocumentReference read(@IdParam IdType id) {
        return reads.read(DocumentReference.class, id);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam id,
                                  @OptionalParam(name = DocumentReference.SP_IDENTIFIER) TokenAndListParam identifier,
                                  @OptionalParam(name = DocumentReference.SP_PATIENT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam patient,
                                  @OptionalParam(name = DocumentReference.SP_SUBJECT, chainWhitelist = {OptionalParam.ALLOW_CHAIN_NOTCHAINED, "identifier"},
                                          targetTypes = Patient.class) ReferenceAndListParam subject,
                                  @OptionalParam(name = "course", targetTypes = EpisodeOfCare.class) ReferenceAndListParam course,
                                  @OptionalParam(name = DocumentReference.SP_STATUS) TokenAndListParam status,
                                  @OptionalParam(name = "recipient") TokenAndListParam recipient,
                                  @Sort SortSpec sort, @Offset Integer offset, @Count Integer count) {
        SqlFilter filter = executor.filter();
        filter.tokens(recipient, "recipient", (system, value) -> value == null ? "1 = 0"
                : "exists (select 1 from delivery d where d.document_id = r.res_id and " + Recipients.addressedTo("d", value) + ")");
        IdentifierSearch.idFilter(filter, id);
        IdentifierSearch.identifierFilter(filter, identifier, "DocumentReference", "r.res_id");
        PatientReferences.filter(filter, patient, "patient", "f.patient_id");
        PatientReferences.filter(filter, subject, "subject", "f.patient_id");
        PatientReferences.references(filter, course, "course", "f.course_id", "EpisodeOfCare");
        filter.tokens(status, "status", (system, value) -> value == null ? "1 = 0" : "f.status = " + value);
        SearchExecutor.Query<DocumentReference> query = new SearchExecutor.Query<>(DocumentReference.class,
                "resource r join final_status f on f.res_id = r.res_id", filter,
                SearchExecutor.orderBy(sort, SORTABLE, "f.created desc"), offset, count);
        return executor.bundle(executor.page(query), List.of());
    }

    /** {@code POST /DocumentReference/{id}/$correct}: answers with the new, correcting final status. */
    @Operation(name = "$correct")
    public DocumentReference correct(@IdParam IdType id) {
        return transactions.run(() -> finalStatus.correct(id.getIdPart()));
    }
}
