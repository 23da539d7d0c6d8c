-- The audit trail stores an event's fields instead of its FHIR JSON (README, Security, Audit trail): the JSON is
-- rendered when the auditor reads the event. A read's event shrinks from about 1.3 kB of JSON to a few short columns,
-- and the embedded database rewrites that much less per event (its B-tree pages are copied on write).
-- Rows written before this migration keep their JSON in content; an event whose fields do not fit the columns (a
-- token claim longer than 255 characters) is still stored as JSON.
alter table audit_event add column client_kind varchar(32);
alter table audit_event add column outcome_desc varchar(255);
alter table audit_event add column address varchar(255);
alter table audit_event add column request varchar;
alter table audit_event add column query_text varchar;
-- Type/id of what the event concerns, separated by one space (ids hold no spaces)
alter table audit_event add column entities varchar;
alter table audit_event add column source_id varchar(255);
alter table audit_event alter column content drop not null;
