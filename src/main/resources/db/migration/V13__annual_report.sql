-- Issue 12 (annual report): what the report's aggregates need from the course projection.

-- Why a course ended (KL's course-end reason, CareSocialCodes), so courses finished and cancelled can be counted by
-- reason without reading any EpisodeOfCare. Backfill: the five end-reason codes are UUIDs that no other element of
-- a course uses, so a course whose current JSON holds one of them ended for that reason.
alter table course add column end_reason varchar(64);
update course set end_reason = '82e99421-31da-4915-96ed-168ccfa1d20c' where status in ('finished', 'cancelled') and exists (
    select 1 from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version
    where r.res_type = 'EpisodeOfCare' and r.res_id = course.res_id and h.content like '%82e99421-31da-4915-96ed-168ccfa1d20c%');
update course set end_reason = '4bbf6d6a-a1c6-41c2-b8c1-7352b7378adf' where status in ('finished', 'cancelled') and exists (
    select 1 from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version
    where r.res_type = 'EpisodeOfCare' and r.res_id = course.res_id and h.content like '%4bbf6d6a-a1c6-41c2-b8c1-7352b7378adf%');
update course set end_reason = 'a63b6aa6-7d56-4e67-a5b3-d73f6d262af5' where status in ('finished', 'cancelled') and exists (
    select 1 from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version
    where r.res_type = 'EpisodeOfCare' and r.res_id = course.res_id and h.content like '%a63b6aa6-7d56-4e67-a5b3-d73f6d262af5%');
update course set end_reason = 'ef491570-7884-4acd-bcf7-43d6b2c64762' where status in ('finished', 'cancelled') and exists (
    select 1 from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version
    where r.res_type = 'EpisodeOfCare' and r.res_id = course.res_id and h.content like '%ef491570-7884-4acd-bcf7-43d6b2c64762%');
update course set end_reason = '3a5a72b7-addf-4857-b80c-04e4246e3072' where status in ('finished', 'cancelled') and exists (
    select 1 from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version
    where r.res_type = 'EpisodeOfCare' and r.res_id = course.res_id and h.content like '%3a5a72b7-addf-4857-b80c-04e4246e3072%');

-- When the course was registered (its first version): the date that puts a direct referral (a course without a plan)
-- in a report period. Backfill from the first stored version.
alter table course add column created timestamp with time zone;
update course set created = (select h.last_updated from resource_history h
    where h.res_type = 'EpisodeOfCare' and h.res_id = course.res_id and h.version = 1);
update course set created = last_updated where created is null;

-- The report's period filters: courses by start, by end and by registration; plans by receipt (ix_plan_authored
-- exists); sessions by start (ix_session_start exists).
create index ix_course_period_start on course (period_start);
create index ix_course_period_end on course (period_end);
create index ix_course_created on course (created);
