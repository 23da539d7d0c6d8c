-- Issue 13 item 4: free choice of provider (Sundhedsloven § 140 stk. 4) and transfers to another municipality.

-- The plan's performer (the Organization responsible for it: this municipality, or after a transfer the private
-- provider or the other municipality), for ServiceRequest?performer=… and performer.identifier=…. Plans stored
-- before this migration get it on their next write.
alter table plan add column performer_id varchar(64);
create index ix_plan_performer on plan (performer_id);

-- One row per transferred plan: to whom, why, and the message forwarded (stored once, so every re-send carries the
-- same bytes and the same MessageHeader.id the receiver deduplicates on). The unique plan_id makes a second transfer
-- of the same plan a conflict even when two arrive at once.
create table transfer (
    message_id      varchar(64)              primary key,
    plan_id         varchar(64)              not null,
    course_id       varchar(64),
    task_id         varchar(64)              not null,
    reason          varchar(20)              not null,
    receiver_kind   varchar(16)              not null,
    receiver_id     varchar(64)              not null,
    message         text                     not null,
    created         timestamp with time zone not null,
    constraint uq_transfer_plan unique (plan_id)
);
create index ix_transfer_task on transfer (task_id);

-- The outbox carries more than final statuses: payload says what a row sends ('final-status': the DocumentReference
-- document_id names; 'transfer': the plan document_id names, forwarded as the transfer row's message).
alter table delivery add column payload varchar(20) default 'final-status' not null;
