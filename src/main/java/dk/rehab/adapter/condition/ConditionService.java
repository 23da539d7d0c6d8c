package dk.rehab.adapter.condition;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.ReferenceResolver;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.fhir.WriteScope;
import dk.rehab.adapter.store.ResourceStore;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The diagnosis a plan is for ({@code rehab-condition}): an SKS diagnosis code (ICD-10 in Danish form, e.g.
 * {@code DS720}) for a citizen. SKS is not available offline, so the code's form is checked (D, a letter, two
 * digits, up to four more letters or digits), not its existence.
 */
@Service
public class ConditionService {
    private static final Pattern SKS_DIAGNOSIS = Pattern.compile("D[A-Z][0-9]{2}[0-9A-Z]{0,4}");

    private final ResourceStore store;
    private final JdbcTemplate jdbc;
    private final ReferenceResolver references;

    public ConditionService(ResourceStore store, JdbcTemplate jdbc, ReferenceResolver references) {
        this.store = store;
        this.jdbc = jdbc;
        this.references = references;
    }

    /** Checks the condition and resolves its subject; returns the patient id (null when it has problems). */
    public String check(Condition condition, String at, Problems problems, WriteScope scope) {
        Coding sks = sksCoding(condition);
        long sksCodings = condition.getCode().getCoding().stream().filter(c -> Canonical.SYSTEM_SKS.equals(c.getSystem())).count();
        if (sksCodings > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a diagnosis has exactly one SKS coding", at + ".code.coding");
        }
        if (sks == null) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING,
                    "a Condition needs a code with an SKS diagnosis coding (system " + Canonical.SYSTEM_SKS + ")", at + ".code");
        } else if (!sks.hasCode() || !SKS_DIAGNOSIS.matcher(sks.getCode()).matches()) {
            int i = condition.getCode().getCoding().indexOf(sks);
            problems.add(ErrorCode.UNKNOWN_CODE, "an SKS diagnosis code is D, a capital letter, two digits and up to four more capital letters or digits, e.g. DS720",
                    at + ".code.coding[" + i + "].code");
        }
        return references.resolve(condition.getSubject(), "Patient", at + ".subject", problems, scope);
    }

    public WriteOutcome<Condition> create(Condition condition, String patientId) {
        condition.setId((String) null);
        condition.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_CONDITION),
                new CanonicalType(Canonical.DK_CORE_CONDITION)));
        Condition stored = store.create(condition);
        String id = stored.getIdElement().getIdPart();
        jdbc.update("insert into condition_index (res_id, patient_id, code) values (?,?,?)", id, patientId, sksCoding(stored).getCode());
        store.indexIdentifiers("Condition", id, stored.getIdentifier());
        return new WriteOutcome<>(stored, true);
    }

    public String codeOf(String conditionId) {
        return jdbc.queryForList("select code from condition_index where res_id = ?", String.class, conditionId)
                .stream().findFirst().orElse(null);
    }

    public String patientOf(String conditionId) {
        return jdbc.queryForList("select patient_id from condition_index where res_id = ?", String.class, conditionId)
                .stream().findFirst().orElse(null);
    }

    private static Coding sksCoding(Condition condition) {
        return condition.getCode().getCoding().stream()
                .filter(c -> Canonical.SYSTEM_SKS.equals(c.getSystem())).findFirst().orElse(null);
    }
}
