-- Issue 12 part 3 (the annual report at national scale): per course and calendar month (UTC) of their start, the held
-- (fulfilled) sessions and their length in microseconds (summed as integers: summing numerics was the table's cost), kept by SessionService as it stores a session (the course is locked; only
-- SessionService makes a session fulfilled, and a held session changes only there). The citizens table sums a
-- period's hours from the months wholly inside it and takes only the sessions of the months at its edges one by one,
-- instead of summing every held session of the period per course (1.2 million rows at national scale).
create table course_month_held (
    course_id varchar(64)    not null,
    held_month date          not null,
    sessions  integer        not null,
    micros    bigint         not null,
    primary key (course_id, held_month)
);
insert into course_month_held (course_id, held_month, sessions, micros)
select course_id, held_month, count(*), sum(micros) from (
    select s.course_id, cast(date_trunc('month', s.start_at at time zone 'UTC') as date) held_month,
           cast(extract(epoch from (s.end_at - s.start_at)) * 1000000 as bigint) micros
    from session s where s.status = 'fulfilled') h
group by course_id, held_month;
