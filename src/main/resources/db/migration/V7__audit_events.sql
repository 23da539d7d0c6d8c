-- The audit trail (README, Security, Audit trail): one row per AuditEvent, append-only (the REST API has read and
-- search only; nothing in the adapter updates or deletes a row). The FHIR JSON is written once, when the event is
-- recorded; the columns beside it are what the auditor searches by.
create table audit_event (
    id           varchar(64)              not null primary key,
    recorded     timestamp with time zone not null,
    type_code    varchar(16)              not null,
    subtype      varchar(32),
    action       char(1)                  not null,
    outcome      varchar(2)               not null,
    -- the client's organisation (SOR id, GLN or ydernummer from the token; the recipient of a delivery)
    agent_org    varchar(255),
    -- the client itself (the token's subject)
    agent_client varchar(255),
    content      varchar                  not null
);
create index ix_audit_event_recorded on audit_event (recorded);
create index ix_audit_event_agent_org on audit_event (agent_org, recorded);
create index ix_audit_event_agent_client on audit_event (agent_client, recorded);
create index ix_audit_event_outcome on audit_event (outcome, recorded);

-- What each event concerns: the Patient (Patient/id) and the resources (Type/id), for the patient and entity searches.
create table audit_entity (
    reference varchar(255)             not null,
    recorded  timestamp with time zone not null,
    event_id  varchar(64)              not null,
    primary key (reference, recorded, event_id)
);
