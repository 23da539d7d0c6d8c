-- Issue 12 part 3 (the annual report at national scale): per course and FSIII area, the latest assessment of phase start
-- and the latest of phase end (latest: by effective time, then id; entered-in-error left out), kept by
-- FunctionalStatusService as it stores an assessment (the course is locked while it does; assessments are never
-- updated or deleted), so the functional-levels table reads one row per (course, area) instead of picking the latest
-- out of every assessment (0.75 million rows at national scale).
create table fsiii_change (
    course_id       varchar(64)              not null,
    area_code       varchar(64)              not null,
    start_level     varchar(64),
    start_effective timestamp with time zone,
    start_res       varchar(64),
    end_level       varchar(64),
    end_effective   timestamp with time zone,
    end_res         varchar(64),
    primary key (course_id, area_code)
);
insert into fsiii_change (course_id, area_code, start_level, start_effective, start_res, end_level, end_effective, end_res)
select course_id, area_code,
       max(case when phase = 'start' then level_code end), max(case when phase = 'start' then effective end),
       max(case when phase = 'start' then res_id end),
       max(case when phase = 'end' then level_code end), max(case when phase = 'end' then effective end),
       max(case when phase = 'end' then res_id end)
from (select f.course_id, f.area_code, f.phase, f.level_code, f.effective, f.res_id,
             row_number() over (partition by f.course_id, f.area_code, f.phase order by f.effective desc, f.res_id desc) rn
      from functional_status f where f.status <> 'entered-in-error' and f.phase in ('start', 'end')) latest
where rn = 1
group by course_id, area_code;
