-- Issue 12 part 3 (the annual report at national scale): the teams each course has sessions on, kept by SessionService
-- as it stores a session (the course is locked while it does), so the courses table counts courses per team from one
-- row per (course, team) instead of finding the distinct teams among every session ever booked (1.7 million rows at
-- national scale: half the table's time). A session counts whatever its status, as before; a session that moves to
-- another team takes its course off the old one when no other session of the course is left there.
create table course_team (
    course_id varchar(64) not null,
    team_id   varchar(64) not null,
    primary key (course_id, team_id)
);
insert into course_team (course_id, team_id) select distinct course_id, team_id from session where team_id is not null;
