-- Signed webhooks for human-feedback requests (notify.FlowWebhooks).

-- A subscriber. The signing secret is stored only encrypted (AES-256-GCM under a key derived from
-- the gateway secret; the webhook id is the associated data, so a ciphertext cannot be moved to
-- another row).
create table webhooks (
    id                uuid        primary key,
    url               text        not null,
    events            text[]      not null default '{new_request,request_completed}',
    description       text,
    active            boolean     not null default true,
    secret_ciphertext bytea       not null,
    secret_nonce      bytea       not null check (length(secret_nonce) = 12),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    check (events <@ array['new_request', 'request_completed']::text[])
);
create index webhooks_active on webhooks (active) where active;

-- The outbox: one row per (webhook, event of a request), written in the transaction of the request
-- change. payload holds the exact bytes that are signed and sent on every attempt.
create table webhook_deliveries (
    id               uuid        primary key,
    webhook_id       uuid        not null references webhooks (id) on delete cascade,
    event            text        not null check (event in ('new_request', 'request_completed')),
    request_id       uuid        not null,
    payload          text        not null,
    status           text        not null default 'pending'
                                 check (status in ('pending', 'delivering', 'delivered', 'failed')),
    attempts         int         not null default 0,
    replays          int         not null default 0,
    next_attempt_at  timestamptz not null default clock_timestamp(),
    lease_token      uuid,
    lease_until      timestamptz,
    last_status_code int,
    last_error       text,
    created_at       timestamptz not null default clock_timestamp(),
    updated_at       timestamptz not null default clock_timestamp(),
    delivered_at     timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_leased on webhook_deliveries (lease_until) where status = 'delivering';
create index webhook_deliveries_by_webhook on webhook_deliveries (webhook_id, created_at desc);
create index webhook_deliveries_by_request on webhook_deliveries (request_id);

-- Every attempt's outcome, for the delivery log.
create table webhook_delivery_attempts (
    id           bigserial   primary key,
    delivery_id  uuid        not null references webhook_deliveries (id) on delete cascade,
    attempt      int         not null,
    status_code  int,
    error        text,
    duration_ms  bigint      not null,
    attempted_at timestamptz not null default clock_timestamp()
);
create index webhook_delivery_attempts_by_delivery on webhook_delivery_attempts (delivery_id, id);
