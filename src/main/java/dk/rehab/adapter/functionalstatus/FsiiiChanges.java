package dk.rehab.adapter.functionalstatus;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per course and FSIII area, the latest assessment of phase start and the latest of phase end (fsiii_change, V30), for
 * the annual report's functional levels: kept as an assessment is stored, in its transaction. Latest is by effective
 * time, then id, as the report has always chosen; an assessment entered in error, or of phase follow-up, changes
 * nothing. Assessments are never updated or deleted, so the latest only moves forward. The caller holds the course's
 * lock, so no other assessment of the course is stored meanwhile (the row is inserted once).
 */
@Component
class FsiiiChanges {
    private final JdbcTemplate jdbc;

    FsiiiChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void assessed(String courseId, String area, String phase, String level, String status, OffsetDateTime effective, String id) {
        if ("entered-in-error".equals(status) || !("start".equals(phase) || "end".equals(phase))) {
            return;
        }
        String p = phase; // start or end: the column prefix
        int changed = jdbc.update("update fsiii_change set " + p + "_level = ?, " + p + "_effective = ?, " + p + "_res = ? "
                        + "where course_id = ? and area_code = ? and (" + p + "_effective is null or " + p + "_effective < ? or ("
                        + p + "_effective = ? and " + p + "_res < ?))",
                level, effective, id, courseId, area, effective, effective, id);
        if (changed == 0) {
            jdbc.update("insert into fsiii_change (course_id, area_code, " + p + "_level, " + p + "_effective, " + p + "_res) "
                    + "select ?, ?, ?, ?, ? from (select 1 one) x where not exists "
                    + "(select 1 from fsiii_change c where c.course_id = ? and c.area_code = ?)",
                    courseId, area, level, effective, id, courseId, area);
        }
    }
}
