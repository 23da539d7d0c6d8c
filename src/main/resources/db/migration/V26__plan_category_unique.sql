-- Issue 12 part 3 (the annual report at national scale): a plan's category codes are stored once each, so the report
-- counts plans per plan type and level by a plain join instead of deduplicating every (plan, code) pair first.
-- The plan rules already refuse a plan with more than one plan type or level (and any other category), and PlanService
-- writes each (system, code) of a plan once; this removes any duplicate a database might still hold and makes the rule
-- the database's. The unique index serves the lookups by plan as the index it replaces did.
create table plan_category_once as select distinct plan_id, cat_system, code from plan_category;
delete from plan_category;
insert into plan_category (plan_id, cat_system, code) select plan_id, cat_system, code from plan_category_once;
drop table plan_category_once;
create unique index ux_plan_category on plan_category (plan_id, cat_system, code);
drop index ix_plan_category_plan;
