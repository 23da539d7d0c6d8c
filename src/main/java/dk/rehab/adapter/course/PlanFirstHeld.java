package dk.rehab.adapter.course;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each plan's first held session (plan_first_held, V31), for the annual report's waiting times: the row is made with
 * the plan (PlanService); a session held earlier moves it earlier, and a held session that changes has it computed anew.
 */
@Component
class PlanFirstHeld {
    private final JdbcTemplate jdbc;

    PlanFirstHeld(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A session of the plan was held at {@code start}: the first, if that is earlier (a conditional update, right also
     * when sessions of two courses of the plan are held at once). A plan stored before it had a row gets one here.
     */
    void held(String planId, OffsetDateTime start) {
        if (jdbc.update("update plan_first_held set first_held = ? where plan_id = ? and (first_held is null or first_held > ?)",
                start, planId, start) == 0) {
            jdbc.update("insert into plan_first_held (plan_id, first_held) select ?, ? from (select 1 one) x where not exists "
                    + "(select 1 from plan_first_held h where h.plan_id = ?)", planId, start, planId);
        }
    }

    /** A held session of the plan changed (its start may have moved later): the first computed anew from the sessions. */
    void recompute(String planId) {
        jdbc.update("update plan_first_held set first_held = (select min(s.start_at) from session s where s.plan_id = ? "
                + "and s.status = 'fulfilled') where plan_id = ?", planId, planId);
    }
}
