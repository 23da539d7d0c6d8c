package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Group/[id]/$export (Bulk Data Access 2.0.0):
 * <ul>
 *   <li>{@code export_job.group_id}: the Group a group-level job exports; {@code by_members}: the job exports the data
 *       of the Patients in {@code export_job_member} only;</li>
 *   <li>{@code export_job_member}: those Patients — the Group's members at kick-off, or the ones the {@code patient}
 *       parameter names — fixed with the job (a later change of the Group does not change the job's files);</li>
 *   <li>{@code resource_patient}: the Patient each stored version of a Patient-compartment resource names (its subject,
 *       patient or Patient participant), so that a job finds its members' resources at its transaction time by index
 *       instead of reading every resource. The projections' patient_id columns (plan, course, session, …) hold the
 *       current version's citizen only (a plan's subject can change on update) and not every type has one (the
 *       admission-status DocumentReference). Written by {@code dk.rehab.adapter.export.PatientIndex} with every version;
 *       the versions stored before this migration are filled here from their JSON, by the same reading the audit trail
 *       uses ({@code dk.rehab.adapter.audit.Audits.patientOf}).</li>
 * </ul>
 */
public class V34__group_export extends BaseJavaMigration {
    /** The Patient-compartment types the adapter keeps, but Patient itself (whose patient is its id). */
    static final String[] TYPES = {"ServiceRequest", "Condition", "EpisodeOfCare", "Appointment", "Observation", "DocumentReference",
            "Encounter", "Communication"};

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("alter table export_job add column group_id varchar(64)");
            // true: the job exports the data of the Patients in export_job_member only (a Group, or the patient parameter)
            s.execute("alter table export_job add column by_members boolean default false not null");
            s.execute("create table export_job_member (job_id varchar(64) not null, patient_id varchar(64) not null, "
                    + "primary key (job_id, patient_id))");
            s.execute("create table resource_patient (res_type varchar(40) not null, res_id varchar(64) not null, version integer not null, "
                    + "patient_id varchar(64) not null, primary key (res_type, res_id, version))");
            // a job's query starts from its members: their resources of one type, in id order
            s.execute("create index ix_resource_patient_patient on resource_patient (patient_id, res_type, res_id)");
        }
        backfill(c);
    }

    /** Fills {@code resource_patient} for every stored version of {@link #TYPES} it lacks, from the version's JSON. */
    public static void backfill(Connection c) throws Exception {
        for (String type : TYPES) {
            try (PreparedStatement read = c.prepareStatement("select h.res_id, h.version, h.content from resource_history h where h.res_type = ? "
                    + "and not exists (select 1 from resource_patient p where p.res_type = h.res_type and p.res_id = h.res_id and p.version = h.version)");
                 PreparedStatement insert = c.prepareStatement("insert into resource_patient (res_type, res_id, version, patient_id) values (?,?,?,?)")) {
                read.setFetchSize(500);
                read.setString(1, type);
                int pending = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        String patient = dk.rehab.adapter.audit.Audits.patientOf(type, id, rs.getString(3));
                        if (patient == null) {
                            continue;
                        }
                        insert.setString(1, type);
                        insert.setString(2, id);
                        insert.setInt(3, rs.getInt(2));
                        insert.setString(4, patient.substring("Patient/".length()));
                        insert.addBatch();
                        if (++pending == 500) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
        }
    }
}
