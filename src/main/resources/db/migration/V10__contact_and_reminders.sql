-- Issue 13 items 2 and 3: contact with the citizen (recorded contacts, contact letters) and reminders before sessions.

-- One row per Communication the adapter stores (profile rehab-communication): a contact recorded by the centre
-- (phone, digital post, letter), a contact letter sent through digital post, or a reminder before a session.
-- A plan with a row of kind 'contact' or 'letter' counts as contacted on the work lists.
create table communication (
    res_id      varchar(64)              primary key,
    patient_id  varchar(64)              not null,
    plan_id     varchar(64),
    session_id  varchar(64),
    category    varchar(20)              not null,
    medium      varchar(20)              not null,
    sent        timestamp with time zone not null
);
create index ix_communication_plan on communication (plan_id, category);
create index ix_communication_patient on communication (patient_id);
create index ix_communication_session on communication (session_id);

-- One reminder per session and start time. The unique key makes the reminder planner safe with several instances on
-- one database (the second insert of the same key fails and its transaction writes nothing), and a session moved
-- back to a time it was already reminded of is not reminded twice.
create table reminder (
    session_id       varchar(64)              not null,
    session_start    timestamp with time zone not null,
    communication_id varchar(64)              not null,
    planned          timestamp with time zone not null,
    constraint uq_reminder_session_start unique (session_id, session_start)
);
