-- Issue 5: functional status (FSIII Observations), final statuses (DocumentReference) and their delivery.

-- One row per functional-status Observation (current version), for searches and the latest level per area.
create table functional_status (
    res_id       varchar(64)              primary key,
    patient_id   varchar(64)              not null,
    course_id    varchar(64)              not null,
    area_code    varchar(64)              not null,
    level_code   varchar(64)              not null,
    phase        varchar(16)              not null,
    status       varchar(20)              not null,
    effective    timestamp with time zone not null
);
create index ix_functional_status_patient on functional_status (patient_id, area_code, effective);
create index ix_functional_status_course on functional_status (course_id);

-- One row per final status (DocumentReference): which course it answers and whether it is the current one.
create table final_status (
    res_id         varchar(64)              primary key,
    course_id      varchar(64)              not null,
    patient_id     varchar(64)              not null,
    identifier     varchar(100)             not null,
    status         varchar(20)              not null,
    replaces_id    varchar(64),
    created        timestamp with time zone not null,
    constraint uq_final_status_identifier unique (identifier)
);
create index ix_final_status_course on final_status (course_id);
create index ix_final_status_patient on final_status (patient_id);

-- The delivery outbox: one row per (final status, recipient), written in the transaction that finished the course.
-- The Task resource of the same id shows it in FHIR. A worker claims due rows with a lease (claimed_until), so a
-- crashed instance's claims expire and another instance (or the restarted one) takes them over.
create table delivery (
    task_id          varchar(64)              primary key,
    document_id      varchar(64)              not null,
    patient_id       varchar(64)              not null,
    recipient_kind   varchar(16)              not null,
    recipient_system varchar(255),
    recipient_value  varchar(64),
    recipient_name   varchar(255),
    recipient_ref    varchar(100),
    endpoint         varchar(500),
    state            varchar(20)              not null,
    attempts         integer                  not null,
    next_attempt     timestamp with time zone,
    claimed_until    timestamp with time zone,
    last_error       varchar(1000),
    delivered_at     timestamp with time zone,
    receiver_location varchar(500),
    created          timestamp with time zone not null
);
create index ix_delivery_due on delivery (state, next_attempt);
create index ix_delivery_document on delivery (document_id);
create index ix_delivery_patient on delivery (patient_id);
