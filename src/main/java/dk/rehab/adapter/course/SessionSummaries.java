package dk.rehab.adapter.course;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the annual report sums, kept as {@link SessionService} stores a session, in its transaction, under the course's
 * lock: the course's teams ({@link CourseTeams}), its held time per month ({@link CourseMonthsHeld}) and the plan's first
 * held session ({@link PlanFirstHeld}). {@link #before} reads a session's row before it is replaced, {@link #stored}
 * brings the summaries in step with the new one.
 */
@Component
class SessionSummaries {
    /** A session's row as it was: its team, whether it was held, its start and end; {@link #NONE} for a new session. */
    record Before(String team, boolean held, OffsetDateTime start, OffsetDateTime end) {
        static final Before NONE = new Before(null, false, null, null);
    }

    private final JdbcTemplate jdbc;
    private final CourseTeams teams;
    private final CourseMonthsHeld monthsHeld;
    private final PlanFirstHeld firstHeld;

    SessionSummaries(JdbcTemplate jdbc, CourseTeams teams, CourseMonthsHeld monthsHeld, PlanFirstHeld firstHeld) {
        this.jdbc = jdbc;
        this.teams = teams;
        this.monthsHeld = monthsHeld;
        this.firstHeld = firstHeld;
    }

    Before before(String sessionId) {
        return jdbc.query("select team_id, status, start_at, end_at from session where res_id = ?", (rs, n) -> new Before(rs.getString(1),
                "fulfilled".equals(rs.getString(2)), rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class)), sessionId)
                .stream().findFirst().orElse(Before.NONE);
    }

    /** Session of {@code courseId} (and {@code planId}, or null) was {@code before} and is now on {@code team}, held or not, from {@code start} to {@code end}. */
    void stored(String courseId, String planId, Before before, String team, boolean held, OffsetDateTime start, OffsetDateTime end) {
        teams.sessionStored(courseId, before.team(), team);
        if (before.held()) {
            monthsHeld.count(courseId, before.start(), before.end(), -1);
        }
        if (held) {
            monthsHeld.count(courseId, start, end, 1);
        }
        if (planId != null && before.held()) {
            firstHeld.recompute(planId);
        } else if (planId != null && held) {
            firstHeld.held(planId, start);
        }
    }
}
