-- Routing rules, evaluated in position order; the first whose pattern (and state) matches wins
-- (see routing.RoutingRules). Positions are kept dense (1..n); the constraint is deferred so that
-- a reorder can shift every row within one transaction.
create table routing_rules (
    id                uuid        primary key,
    position          int         not null check (position > 0),
    name              text        not null,
    match_method      text        not null,
    match_state       jsonb,
    assign_to_email   text,
    assign_from_input text,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint routing_rules_position_unique unique (position) deferrable initially deferred,
    constraint routing_rules_assigns_someone check (assign_to_email is not null or assign_from_input is not null)
);

-- The deployment's human-in-the-loop settings: exactly one row.
create table hitl_settings (
    id                            int         primary key default 1 check (id = 1),
    email_notifications           boolean     not null default true,
    auto_response_enabled         boolean     not null default false,
    auto_response_timeout_minutes numeric     check (auto_response_timeout_minutes > 0),
    auto_response_default_outcome text,
    sla_target_minutes            numeric     check (sla_target_minutes > 0),
    updated_at                    timestamptz not null default now(),
    updated_by                    text,
    constraint hitl_settings_auto_response_complete check (not auto_response_enabled
        or (auto_response_timeout_minutes is not null and auto_response_default_outcome is not null))
);
insert into hitl_settings (id) values (1);

-- Timers of requests (auto-response, SLA), fired by whichever replica claims them first
-- (see timer.TimerWorker). A claim is a lease: a replica that dies holding it hands the timer to
-- another once lease_until has passed. fired_at is set exactly once, with what happened.
create table request_timers (
    request_id      uuid        not null references human_input_requests (request_id) on delete cascade,
    kind            text        not null check (kind in ('auto_response', 'sla')),
    due_at          timestamptz not null,
    default_outcome text,
    lease_token     uuid,
    lease_until     timestamptz,
    attempts        int         not null default 0,
    fired_at        timestamptz,
    result          text,
    detail          text,
    created_at      timestamptz not null default now(),
    primary key (request_id, kind)
);
create index request_timers_due on request_timers (due_at) where fired_at is null;
