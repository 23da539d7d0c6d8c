-- The audit trail's entity index (README, Performance): audit_entity's primary key (reference, recorded, event_id) was
-- a unique index, and the embedded database checks uniqueness with a second descent into the B-tree before each insert;
-- an event's Patient and resource land at two random leaves (the index is keyed by reference), so that check was about a
-- third of the audit writer's CPU during reads (JFR). The rows are never duplicated (one per event and reference, written
-- once), so a plain index does the same work for the patient and entity searches, which look up event_id by reference.
-- recorded is dropped from the key: the searches never read it (they sort by audit_event.recorded) and event ids are
-- time-ordered, so (reference, event_id) still lists one reference's events in the order they were recorded.
create table audit_entity_v21 (
    reference varchar(255) not null,
    event_id  varchar(64)  not null
);
insert into audit_entity_v21 (reference, event_id) select reference, event_id from audit_entity;
drop table audit_entity;
alter table audit_entity_v21 rename to audit_entity;
create index ix_audit_entity_reference on audit_entity (reference, event_id);
