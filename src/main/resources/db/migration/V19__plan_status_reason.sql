-- Issue 12 (annual report, table free-choice): the plan's status reason (KL's request-statusReason, CareSocialCodes:
-- udskudt, anden kommune, frit valg, frit valg afslået, fejl), so free-choice offers taken and declined are counted
-- without reading any ServiceRequest. Backfill: the five codes are UUIDs that no other element of a plan uses, so a
-- plan whose current JSON holds one of them carries that status reason.
alter table plan add column status_reason varchar(64);
update plan set status_reason = 'a8632e22-bf0c-4f5a-92a7-70977ba104d5' where exists (
    select 1 from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version
    where r.res_type = 'ServiceRequest' and r.res_id = plan.res_id and h.content like '%a8632e22-bf0c-4f5a-92a7-70977ba104d5%');
update plan set status_reason = 'f64b8f5e-8ced-4a8b-ab73-8994fb524915' where exists (
    select 1 from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version
    where r.res_type = 'ServiceRequest' and r.res_id = plan.res_id and h.content like '%f64b8f5e-8ced-4a8b-ab73-8994fb524915%');
update plan set status_reason = '3796fa11-305f-47d6-b164-45b05489afb2' where exists (
    select 1 from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version
    where r.res_type = 'ServiceRequest' and r.res_id = plan.res_id and h.content like '%3796fa11-305f-47d6-b164-45b05489afb2%');
update plan set status_reason = '46a6bc1f-bfe8-4390-a71f-44ad4a384b9d' where exists (
    select 1 from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version
    where r.res_type = 'ServiceRequest' and r.res_id = plan.res_id and h.content like '%46a6bc1f-bfe8-4390-a71f-44ad4a384b9d%');
update plan set status_reason = '8ac7be88-5d16-4dbd-a61a-ab02673f4b34' where exists (
    select 1 from resource r join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version
    where r.res_type = 'ServiceRequest' and r.res_id = plan.res_id and h.content like '%8ac7be88-5d16-4dbd-a61a-ab02673f4b34%');
