-- bench/scale.sh --multiply K: copies the annual report's projection rows (plan, plan_category, course, session,
-- functional_status, communication, transfer, and the report's summaries course_team, fsiii_change, plan_first_held and course_month_held) K-1 times under new ids (each id, citizen, plan and course reference suffixed '~<copy>'), so the
-- report can be timed on K times the volume of data the generator made through the API. The copies are projection rows
-- only, not resources: only the annual report (which reads nothing else) may be timed on them. Patient rows are not
-- copied (their CPR numbers are unique): the age-groups table finds no Patient for a copy and leaves it out.
--   psql -v k=10 -f bench/multiply.sql bench_scale
select set_config('bench.k', :'k', false);
do $$
declare
    t text;
    cols text;
    sel text;
    k int := current_setting('bench.k')::int;
begin
    foreach t in array array['plan', 'plan_category', 'course', 'session', 'functional_status', 'communication', 'transfer', 'course_team', 'fsiii_change', 'plan_first_held', 'course_month_held'] loop
        select string_agg(quote_ident(column_name), ', ' order by ordinal_position),
               string_agg(case when column_name in ('res_id', 'patient_id', 'plan_id', 'course_id', 'session_id', 'message_id', 'task_id', 'identifier_value', 'open_key')
                               then quote_ident(column_name) || ' || ''~'' || c' else quote_ident(column_name) end, ', ' order by ordinal_position)
          into cols, sel
          from information_schema.columns where table_schema = current_schema() and table_name = t;
        execute format('insert into %I (%s) select %s from %I x cross join generate_series(2, %s) c where position(''~'' in %s) = 0',
                       t, cols, sel, t, k, case when t in ('plan_category', 'transfer', 'plan_first_held') then 'x.plan_id' when t in ('course_team', 'fsiii_change', 'course_month_held') then 'x.course_id' else 'x.res_id' end);
    end loop;
end $$;
