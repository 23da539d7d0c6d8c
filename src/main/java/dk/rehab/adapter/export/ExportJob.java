package dk.rehab.adapter.export;

import java.time.Instant;
import java.util.List;

/**
 * One bulk export job as stored in {@code export_job} (V17; V34: {@code group} the Group id of a group-level job, else
 * null; {@code byMembers} true when the job exports only the data of the Patients in {@code export_job_member}, the
 * Group's members at kick-off or those the {@code patient} parameter named).
 */
public record ExportJob(String id, String owner, ExportLevel level, List<String> types, Instant since, String requestUrl, String baseUrl,
                        Status status, String progress, Instant transactionTime, Instant submitted, Instant finished, Instant expires,
                        String error, String manifest, String group, boolean byMembers) {

    public enum Status {
        QUEUED, RUNNING, COMPLETED, FAILED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean done() {
        return status == Status.COMPLETED || status == Status.FAILED;
    }
}
