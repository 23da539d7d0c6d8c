-- FHIR Bulk Data export ($export): the jobs and their output files, durable so that a poll after a restart answers.
-- A file holds no copy of the data: it is the range of ids (after_id exclusive, last_id inclusive, in the database's
-- order of res_id) of one resource type whose version at the job's transaction_time matches the request. The lines
-- are streamed from resource_history when the file is downloaded (history is append-only, so they are the same every
-- time). Jobs and their files are deleted adapter.export.retention after they finished (default 24 h).
create table export_job (
    id               varchar(64)              primary key,
    owner            varchar(300)             not null,   -- client kind | token subject: only this caller sees the job
    level            varchar(16)              not null,   -- system or patient
    types            varchar(1000)            not null,   -- comma-separated resource types exported
    since            timestamp with time zone,
    request_url      varchar(2000)            not null,   -- the kick-off request as the manifest repeats it
    base_url         varchar(1000)            not null,   -- where the status and file URLs live
    status           varchar(16)              not null,   -- queued, running, completed, failed
    progress         varchar(200)             not null,
    transaction_time timestamp with time zone,
    submitted        timestamp with time zone not null,
    heartbeat        timestamp with time zone not null,   -- a queued or running job's instance keeps this fresh
    finished         timestamp with time zone,
    expires          timestamp with time zone,
    error            varchar(2000),                       -- a failed job: what went wrong (no data)
    manifest         varchar                              -- a completed job: the manifest JSON
);
create index ix_export_job_status on export_job (status, heartbeat);
create index ix_export_job_expires on export_job (expires);

create table export_file (
    job_id     varchar(64)  not null,
    file_no    integer      not null,
    res_type   varchar(64)  not null,
    after_id   varchar(64)  not null,
    last_id    varchar(64)  not null,
    line_count integer      not null,
    primary key (job_id, file_no)
);
