package dk.rehab.adapter.course;

import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The teams each course has sessions on (course_team, V29), for the annual report's courses per team: kept as a
 * session is stored, in its transaction, while its course is locked ({@link SessionService}), so no other session of
 * the course changes meanwhile. A session counts whatever its status; a course leaves a team when its last session
 * there moves to another team.
 */
@Component
class CourseTeams {
    private final JdbcTemplate jdbc;

    CourseTeams(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Session of {@code courseId} is now on {@code team} (null: none), and was on {@code before} (null: none or new). */
    void sessionStored(String courseId, String before, String team) {
        if (Objects.equals(before, team)) {
            return; // the row was made when the session first came to the team
        }
        if (before != null) {
            jdbc.update("delete from course_team where course_id = ? and team_id = ? and not exists "
                    + "(select 1 from session s where s.course_id = ? and s.team_id = ?)", courseId, before, courseId, before);
        }
        if (team != null) {
            add(courseId, team);
        }
    }

    private void add(String courseId, String team) {
        jdbc.update("insert into course_team (course_id, team_id) select ?, ? from (select 1 one) x where not exists "
                + "(select 1 from course_team t where t.course_id = ? and t.team_id = ?)", courseId, team, courseId, team);
    }
}
