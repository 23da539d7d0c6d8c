-- Issue 13 item 1: hospital admission and discharge notifications (MedCom HospitalNotification 3.0.2).

-- A hospital stay: one per admission notification, updated by the stay's later notifications (leave, discharge,
-- revisions, cancellations). stay_key is the MessageHeader.id of the admission; encounter_id the adapter's Encounter.
-- cpr is kept for a citizen the adapter does not know, so that the stay can be found by CPR (patient_id is null then).
create table hospital_stay (
    stay_key       varchar(64)              primary key,
    sender_sor     varchar(64),
    patient_id     varchar(64),
    cpr            varchar(10),
    encounter_id   varchar(64)              not null,
    status         varchar(20)              not null,
    admitted_at    timestamp with time zone,
    discharged_at  timestamp with time zone,
    resume_deadline date,
    last_updated   timestamp with time zone not null
);
create index ix_hospital_stay_patient on hospital_stay (patient_id);
create index ix_hospital_stay_cpr on hospital_stay (cpr);
create index ix_hospital_stay_encounter on hospital_stay (encounter_id);

-- Each accepted notification and the stay it belongs to: a later notification names an earlier one in its Provenance.
create table hospital_notification (
    message_key varchar(64)              primary key,
    stay_key    varchar(64)              not null,
    activity    varchar(64)              not null,
    received    timestamp with time zone not null
);
create index ix_hospital_notification_stay on hospital_notification (stay_key);

-- The open courses a stay put on hold, and the status each had before (restored at discharge or cancellation).
create table hospital_stay_course (
    stay_key      varchar(64) not null,
    course_id     varchar(64) not null,
    status_before varchar(20) not null,
    primary key (stay_key, course_id)
);
create index ix_hospital_stay_course on hospital_stay_course (course_id);

-- The sessions a stay cancelled (reason hospital-admission): restored when the admission is cancelled or moved.
create table hospital_stay_session (
    stay_key   varchar(64) not null,
    session_id varchar(64) not null,
    primary key (stay_key, session_id)
);
