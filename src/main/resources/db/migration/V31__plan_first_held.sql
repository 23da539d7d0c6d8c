-- Issue 12 part 3 (the annual report at national scale): each plan's first held session (the earliest start of its
-- fulfilled sessions), for the waiting times from receipt to the first held session. A row is made with the plan
-- (PlanService) and moved earlier as sessions are held (SessionService; a held session never changes again), so the
-- table reads one row per plan instead of grouping every held session by plan (1.2 million rows at national scale).
create table plan_first_held (
    plan_id    varchar(64) not null primary key,
    first_held timestamp with time zone
);
insert into plan_first_held (plan_id, first_held)
select p.res_id, (select min(s.start_at) from session s where s.plan_id = p.res_id and s.status = 'fulfilled') from plan p;
