-- KL Gateway § 140 reports (issue 12 item 1).
-- One row per citizen report (a klgateway-140-delivery-report Bundle, stored as a Bundle resource of the same id),
-- made by one POST /fhir/$kl-gateway-report (delivery_id = the id of the incremental-delivery Bundle that wrapped it)
-- and sent through the delivery outbox (task_id = its row in delivery). cut_off = the time the report's data was read:
-- an incremental report takes what changed after the cut_off of the citizen's last report KL accepted (delivered).
create table kl_report (
    report_id    varchar(64)              primary key,
    delivery_id  varchar(64)              not null,
    patient_id   varchar(64)              not null,
    task_id      varchar(64)              not null,
    cut_off      timestamp with time zone not null,
    period_start date,
    period_end   date,
    incremental  boolean                  not null
);
create index ix_kl_report_patient on kl_report (patient_id, cut_off);
create index ix_kl_report_task on kl_report (task_id);

-- What a receiver answered when it refused a delivery (4xx): its OperationOutcome as FHIR JSON, shown on the Task.
alter table delivery add column refusal varchar;
