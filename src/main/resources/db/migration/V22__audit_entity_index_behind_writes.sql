-- A write's AuditEvent is stored in the write's own transaction; the entity index rows of its Patient and resources
-- (audit_entity) are filled shortly after, by the audit writer (README, Security, Audit trail and Performance). Each
-- of those rows landed at a random leaf of the index (it is keyed by reference), and the embedded database copies every
-- leaf a commit touches: four or five more leaves in every plan intake's commit. Instead the write notes its event
-- here (time-ordered ids: appended), and the writer indexes the noted events in batches and deletes their notes, in
-- one transaction. The patient and entity searches also look at the events still noted here (their entities column),
-- so every stored event is found from its commit on.
create table audit_pending (
    event_id varchar(64) not null primary key
);
