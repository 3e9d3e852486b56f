-- The durable event log. Readers order rows by (txid, seq) and read only rows whose
-- transaction is older than the oldest running one, so a row that commits late can never be
-- skipped by a cursor that has moved past its seq (see event.EventQueries).
create table events (
    seq          bigserial   primary key,
    txid         bigint      not null default (pg_current_xact_id()::text::bigint),
    event_id     uuid        not null unique,
    execution_id text        not null,
    type         text        not null,
    payload      json        not null,
    created_at   timestamptz not null default clock_timestamp()
);
create index events_position on events (txid, seq);
create index events_execution_position on events (execution_id, txid, seq);

-- One row per request for human input; its events live in the log.
create table human_input_requests (
    request_id         uuid        primary key,
    execution_id       text        not null,
    crew_id            text,
    task_id            text        not null,
    agent_id           text,
    prompt             text        not null,
    context            text,
    reason_flags       jsonb       not null default '{}'::jsonb,
    status             text        not null check (status in ('pending', 'completed')),
    human_feedback     text,
    is_approve         boolean,
    required_event_id  uuid        not null,
    completed_event_id uuid,
    created_at         timestamptz not null default now(),
    responded_at       timestamptz
);
create index human_input_requests_execution on human_input_requests (execution_id, created_at);
create index human_input_requests_status on human_input_requests (status, created_at);

-- API keys the gateway generated for itself (HITL_API_KEYS unset); only hashes are kept.
create table api_keys (
    key_hash   bytea       primary key,
    label      text        not null,
    created_at timestamptz not null default now()
);

-- Every transaction that appends events wakes the dispatchers of all replicas at commit.
-- The notification carries nothing: dispatchers always re-read from their cursor.
create function notify_hitl_events() returns trigger language plpgsql as $$
begin
    perform pg_notify('hitl_events', '');
    return null;
end;
$$;
create trigger events_notify after insert on events
    for each statement execute function notify_hitl_events();
