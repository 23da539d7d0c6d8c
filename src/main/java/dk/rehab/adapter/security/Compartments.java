package dk.rehab.adapter.security;

import dk.rehab.adapter.fhir.search.Recipients;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What is addressed to a GP or a hospital: the deliveries of final statuses whose recipient is the organisation
 * (by its identifier value), their Tasks, DocumentReferences and the Patients they concern.
 */
@Component
class Compartments {
    private final NamedParameterJdbcTemplate jdbc;

    Compartments(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether some delivery whose {@code column} (task_id, document_id, patient_id) is {@code id} is addressed to {@code organisation}. */
    boolean addressed(String column, String id, String organisation) {
        Integer count = jdbc.queryForObject("select count(*) from delivery d where d." + column + " = :id and "
                + Recipients.addressedTo("d", ":organisation"), Map.of("id", id, "organisation", organisation), Integer.class);
        return count != null && count > 0;
    }

    /** Whether {@code organisation} (an identifier value) is the requester of a plan for Patient {@code patientId}. */
    boolean planned(String patientId, String organisation) {
        return requested("p.patient_id", patientId, organisation);
    }

    /** Whether {@code organisation} (an identifier value) is the requester of plan {@code planId}. */
    boolean requester(String planId, String organisation) {
        return requested("p.res_id", planId, organisation);
    }

    /** Whether acknowledgement {@code ackId} answers a message whose sender is {@code organisation} (an identifier value). */
    boolean acknowledged(String ackId, String organisation) {
        Integer count = jdbc.queryForObject("select count(*) from received_message where ack_id = :id and sender = :organisation",
                Map.of("id", ackId, "organisation", organisation), Integer.class);
        return count != null && count > 0;
    }

    private boolean requested(String column, String id, String organisation) {
        Integer count = jdbc.queryForObject("select count(*) from plan p where " + column + " = :id and p.requester_id in "
                + "(select i.res_id from resource_identifier i where i.id_value = :organisation and i.res_type = 'Organization')",
                Map.of("id", id, "organisation", organisation), Integer.class);
        return count != null && count > 0;
    }
}
