package dk.rehab.adapter.export;

import dk.rehab.adapter.audit.Audits;
import dk.rehab.adapter.store.ResourceWriteListener;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code resource_patient} (V34): for every version stored of a type of the Patient compartment (but Patient), the
 * Patient it names, written in the writing transaction. A group export ({@code Group/[id]/$export}) finds its members'
 * resources at its transaction time through it: the version a job exports is known by number, and so is that version's
 * citizen, whatever later versions say (the projections' patient_id columns hold the current citizen only).
 */
@Component
public class PatientIndex implements ResourceWriteListener {
    static final Set<String> TYPES = Set.copyOf(ExportLevel.PATIENT.types().stream().filter(t -> !"Patient".equals(t)).toList());
    private final JdbcTemplate jdbc;

    public PatientIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void written(Resource resource) {
        if (TYPES.contains(resource.fhirType())) {
            index(resource.fhirType(), resource.getIdElement().getIdPart(), Integer.parseInt(resource.getMeta().getVersionId()),
                    Audits.patientOf(resource));
        }
    }

    @Override
    public void written(String type, String id, String json) {
        if (TYPES.contains(type)) {
            index(type, id, 1, Audits.patientOf(type, id, json)); // insertNew stores version 1
        }
    }

    private void index(String type, String id, int version, String patient) {
        if (patient != null) {
            jdbc.update("insert into resource_patient (res_type, res_id, version, patient_id) values (?,?,?,?)", type, id, version,
                    patient.substring("Patient/".length()));
        }
    }
}
