-- Crew executions (POST /kickoff). A row is runnable while status = 'running' and nobody holds
-- an unexpired lease; workers claim it with FOR UPDATE SKIP LOCKED, run the task at task_index
-- and commit its outcome only while their lease_token is still the row's (see execution.ExecutionQueries).
-- A pause points at its row in human_input_requests: the request, not this table, records the answer.
create table executions (
    execution_id       uuid        primary key,
    crew               text        not null,
    inputs             jsonb       not null,
    meta               jsonb,
    status             text        not null check (status in ('running', 'pending_human_input', 'completed', 'error')),
    task_index         int         not null default 0,
    total_tasks        int         not null,
    pending_request_id uuid        unique,
    webhooks           jsonb       not null default '{}'::jsonb,
    output             text,
    error              text,
    lease_token        uuid,
    lease_until        timestamptz,
    created_at         timestamptz not null default clock_timestamp(),
    updated_at         timestamptz not null default clock_timestamp(),
    finished_at        timestamptz
);
create index executions_runnable on executions (updated_at) where status = 'running';

-- The latest output of each task of an execution; attempts counts the runs (a rejected output is re-run).
create table execution_tasks (
    execution_id   uuid             not null references executions (execution_id),
    task_index     int              not null,
    task_id        text             not null,
    agent          text             not null,
    output         text             not null,
    execution_time double precision not null,
    attempts       int              not null default 1,
    primary key (execution_id, task_index)
);
