-- Issue 12 part 3 (the annual report at national scale): two session indexes widened so that the report's session
-- queries are answered from the index alone (an index-only scan on PostgreSQL) instead of fetching every session row
-- of the period for its end time. Each replaces the index it extends, which it still serves (its leading columns), so a
-- write maintains as many session indexes as before.

-- Sessions and session hours by outcome: every session whose start lies in the period, grouped by type, status and
-- cancellation reason, with the duration (end − start) summed.
create index ix_session_start_outcome_end on session (start_at, session_type, status, cancel_reason, end_at);
drop index ix_session_start_outcome;

-- Citizens' hours: the held seconds of each course's sessions in the period, read in course order from the index
-- alone and summed without a hash table; it still serves the courses' teams (its leading columns).
create index ix_session_course_held on session (course_id, team_id, status, start_at, end_at);
drop index ix_session_course_team;

-- Team sessions held: the distinct (team, start, end) of the fulfilled team sessions of the period.
create index ix_session_team_held on session (team_id, start_at, status, end_at);
drop index ix_session_team;

-- FSIII levels: every assessment of a course in (area, phase, effective, id) order with its level and status, so the
-- finished courses' assessments stream in that order from the index alone, merged with the courses, instead of being
-- sorted (at national scale the sort of 0.7 million rows was most of the table's time).
create index ix_functional_status_course_levels on functional_status (course_id, area_code, phase, effective, res_id, level_code, status);
drop index ix_functional_status_course_area;
