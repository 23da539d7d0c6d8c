-- Issue 4: courses (EpisodeOfCare), sessions (Appointment), therapists (Practitioner) and teams (HealthcareService).

-- A course as the rules and work lists need it. open_key is set while the course is open (planned, waitlist,
-- active) and null once it is finished or cancelled: the unique constraint keeps one open course per plan
-- (or, without a plan, per citizen, legal basis and diagnosis group).
create table course (
    res_id            varchar(64)              primary key,
    patient_id        varchar(64)              not null,
    plan_id           varchar(64),
    care_manager_id   varchar(64),
    status            varchar(20)              not null,
    legal_basis       varchar(64)              not null,
    diagnosis_group   varchar(64)              not null,
    level_code        varchar(64),
    package_url       varchar(255),
    period_start      timestamp with time zone,
    period_end        timestamp with time zone,
    -- sessions of the package (null: no package) and extra sessions granted
    package_sessions  integer,
    extra_sessions    integer                  not null,
    -- training sessions booked, attended or missed (not cancelled, not assessments)
    sessions_taken    integer                  not null,
    reassessment      varchar(20),
    reassessment_since timestamp with time zone,
    open_key          varchar(255),
    last_updated      timestamp with time zone not null,
    constraint uq_course_open unique (open_key)
);
create index ix_course_patient on course (patient_id);
create index ix_course_plan on course (plan_id);
create index ix_course_care_manager on course (care_manager_id);
create index ix_course_status on course (status);
create index ix_course_reassessment on course (reassessment);

-- A session: one citizen's appointment (for a team session, each citizen's attendance is one row).
create table session (
    res_id        varchar(64)              primary key,
    course_id     varchar(64)              not null,
    patient_id    varchar(64)              not null,
    plan_id       varchar(64),
    session_type  varchar(20)              not null,
    status        varchar(20)              not null,
    start_at      timestamp with time zone not null,
    end_at        timestamp with time zone not null,
    team_id       varchar(64),
    cancel_reason varchar(40),
    last_updated  timestamp with time zone not null
);
create index ix_session_course on session (course_id);
create index ix_session_patient on session (patient_id);
create index ix_session_start on session (start_at);
create index ix_session_team on session (team_id, start_at);
create index ix_session_plan on session (plan_id);

-- The therapists (and team) of a session.
create table session_actor (
    session_id varchar(64) not null,
    actor_type varchar(40) not null,
    actor_id   varchar(64) not null
);
create index ix_session_actor on session_actor (actor_id, actor_type);
create index ix_session_actor_session on session_actor (session_id);
