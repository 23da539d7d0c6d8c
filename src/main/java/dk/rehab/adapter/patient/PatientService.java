package dk.rehab.adapter.patient;

import dk.rehab.adapter.fhir.Canonical;
import dk.rehab.adapter.fhir.ErrorCode;
import dk.rehab.adapter.fhir.Problems;
import dk.rehab.adapter.fhir.WriteOutcome;
import dk.rehab.adapter.store.ResourceStore;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The citizen ({@code rehab-patient}). A citizen is one Patient, identified by the CPR number: a create for
 * a CPR number the adapter knows returns the Patient it has. Runs inside the caller's transaction.
 */
@Service
public class PatientService {
    private final ResourceStore store;
    private final JdbcTemplate jdbc;

    public PatientService(ResourceStore store, JdbcTemplate jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /** Checks the rules of {@code rehab-patient} that a mapper cannot guarantee; {@code at} prefixes expressions. */
    public void check(Patient patient, String at, Problems problems) {
        int cprs = 0;
        for (int i = 0; i < patient.getIdentifier().size(); i++) {
            Identifier identifier = patient.getIdentifier().get(i);
            if (Canonical.SYSTEM_CPR.equals(identifier.getSystem())) {
                cprs++;
                String problem = Cpr.problem(identifier.getValue());
                if (problem != null) {
                    problems.add(ErrorCode.INVALID_CPR, problem, at + ".identifier[" + i + "].value");
                }
                if (identifier.hasUse() && identifier.getUse() != Identifier.IdentifierUse.OFFICIAL) {
                    problems.add(ErrorCode.INVALID_VALUE, "a CPR identifier's use is 'official'", at + ".identifier[" + i + "].use");
                }
            }
        }
        if (cprs == 0) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING,
                    "a Patient needs an identifier with system " + Canonical.SYSTEM_CPR + " (the CPR number)", at + ".identifier");
        } else if (cprs > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a Patient has exactly one CPR number", at + ".identifier");
        }
        if (!patient.hasName()) {
            problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a Patient needs a name", at + ".name");
        }
        int official = 0;
        for (int i = 0; i < patient.getName().size(); i++) {
            HumanName name = patient.getName().get(i);
            if (!name.hasFamily() && !name.hasGiven() && !name.hasText()) {
                problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "a name needs a family name, a given name or a text",
                        at + ".name[" + i + "]");
            }
            if (name.getUse() == HumanName.NameUse.OFFICIAL) {
                official++;
                if (!name.hasFamily()) {
                    problems.add(ErrorCode.REQUIRED_ELEMENT_MISSING, "the official name needs a family name", at + ".name[" + i + "].family");
                }
            }
        }
        if (official > 1) {
            problems.add(ErrorCode.INVALID_VALUE, "a Patient has at most one official name", at + ".name");
        }
    }

    /** The CPR number of a checked Patient, without a dash. */
    public static String cprOf(Patient patient) {
        return patient.getIdentifier().stream()
                .filter(i -> Canonical.SYSTEM_CPR.equals(i.getSystem()))
                .map(i -> Cpr.normalise(i.getValue()))
                .findFirst().orElseThrow();
    }

    public Optional<String> findByCpr(String cpr) {
        return jdbc.queryForList("select res_id from patient where cpr = ?", String.class, cpr).stream().findFirst();
    }

    /** Creates the Patient, or returns the one with the same CPR number. Call {@link #check} first. */
    public WriteOutcome<Patient> create(Patient patient) {
        String cpr = cprOf(patient);
        Optional<String> existing = findByCpr(cpr);
        if (existing.isPresent()) {
            return new WriteOutcome<>(read(existing.get()), false);
        }
        for (Identifier identifier : patient.getIdentifier()) {
            if (Canonical.SYSTEM_CPR.equals(identifier.getSystem())) {
                identifier.setValue(cpr);
            }
        }
        patient.setId((String) null);
        patient.getMeta().setProfile(List.of(new CanonicalType(Canonical.PROFILE_PATIENT), new CanonicalType(Canonical.DK_CORE_PATIENT)));
        Patient stored = store.create(patient);
        String id = stored.getIdElement().getIdPart();
        jdbc.update("insert into patient (res_id, cpr) values (?, ?)", id, cpr);
        store.indexIdentifiers("Patient", id, stored.getIdentifier());
        return new WriteOutcome<>(stored, true);
    }

    public Patient read(String id) {
        return store.read(Patient.class, id);
    }
}
