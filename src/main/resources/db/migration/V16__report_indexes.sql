-- Issue 12 part 3 (data at real scale): indexes shaped for the reports' queries, measured with bench/scale.sh on
-- PostgreSQL (README, Performance). Each replaces an index on its leading column, which it still serves (a lookup by the
-- leading column alone uses the wider index), so a write maintains as many session and functional-status indexes as
-- before.

-- Waiting times: the first held session of each plan received in the period, min(start_at) where plan_id = ? and
-- status = 'fulfilled': one index probe per plan instead of reading every session of the plan.
create index ix_session_plan_outcome on session (plan_id, status, start_at);
drop index ix_session_plan;

-- Sessions by outcome: every session whose start lies in the period, grouped by type, status and cancellation reason,
-- answered from the index alone (an index-only scan) instead of the table.
create index ix_session_start_outcome on session (start_at, session_type, status, cancel_reason);
drop index ix_session_start;

-- Courses by team: the teams of a course's sessions (and whether it has any), from the index alone.
create index ix_session_course_team on session (course_id, team_id);
drop index ix_session_course;

-- FSIII levels: every assessment of a course in (area, phase, effective, id) order, the report's order.
create index ix_functional_status_course_area on functional_status (course_id, area_code, phase, effective, res_id);
drop index ix_functional_status_course;
