-- Human-feedback requests of flows share the request table with crew tasks: flow_id is
-- execution_id, method_name task_id, message prompt, output context (see review.HumanInputRequest).
alter table human_input_requests drop constraint human_input_requests_status_check;
alter table human_input_requests add constraint human_input_requests_status_check
    check (status in ('pending', 'completed', 'cancelled'));
alter table human_input_requests
    add column emit              jsonb,
    add column default_outcome   text,
    add column state             jsonb not null default '{}'::jsonb,
    add column metadata          jsonb not null default '{}'::jsonb,
    add column assigned_to_email text,
    add column outcome           text,
    add column source            text check (source in ('dashboard', 'email', 'api', 'auto')),
    add column responder         text,
    add column source_label      text,
    add column idempotency_key   text,
    add column response_digest   bytea,
    add column sla_due_at        timestamptz,
    add column sla_met           boolean;
create index human_input_requests_assignee on human_input_requests (assigned_to_email, status, created_at);
create index human_input_requests_responded on human_input_requests (responded_at) where responded_at is not null;

-- The master secret the gateway generated for itself when HITL_SECRET_KEY is unset (one row).
create table gateway_secret (
    id         int         primary key check (id = 1),
    secret     text        not null,
    created_at timestamptz not null default now()
);
