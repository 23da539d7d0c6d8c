package dk.rehab.adapter.course;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per course and calendar month (UTC) of their start, the held sessions and their length (course_month_held, V32),
 * for the annual report's hours per citizen: kept as a session is stored, in its transaction, while its course is
 * locked ({@link SessionService}, the only writer that makes a session held or changes a held one).
 */
@Component
class CourseMonthsHeld {
    private final JdbcTemplate jdbc;

    CourseMonthsHeld(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A session's length in microseconds (the precision of the database's timestamps). */
    static long micros(OffsetDateTime start, OffsetDateTime end) {
        return ChronoUnit.MICROS.between(start, end);
    }

    /** A held session from {@code start} to {@code end} is counted (+1) or no longer counted (-1). */
    void count(String courseId, OffsetDateTime start, OffsetDateTime end, int sign) {
        LocalDate month = dk.rehab.adapter.fhir.UtcMonth.of(start);
        long micros = sign * micros(start, end);
        if (jdbc.update("update course_month_held set sessions = sessions + ?, micros = micros + ? where course_id = ? and held_month = ?",
                sign, micros, courseId, month) == 0 && sign > 0) {
            jdbc.update("insert into course_month_held (course_id, held_month, sessions, micros) values (?,?,?,?)", courseId, month, 1, micros);
        }
    }
}
