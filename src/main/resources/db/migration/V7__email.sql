-- Email channel (issue 6). One notification row per email a request causes (or would have
-- caused: 'skipped' rows say why not); the sender worker claims 'pending' rows with a lease.
create table email_notifications (
    notification_id  uuid        primary key,
    request_id       uuid        not null references human_input_requests (request_id),
    email            text,
    status           text        not null check (status in ('pending', 'sent', 'failed', 'skipped')),
    reason           text,
    token_expires_at timestamptz,
    attempts         int         not null default 0,
    next_attempt_at  timestamptz not null default now(),
    lease_token      uuid,
    lease_until      timestamptz,
    message_id       text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    sent_at          timestamptz
);
create index email_notifications_due on email_notifications (next_attempt_at) where status = 'pending';
create index email_notifications_request on email_notifications (request_id, created_at);
create index email_notifications_recent on email_notifications (created_at);

-- Every inbound reply, accepted or not, keyed by its Message-ID so that a message seen twice
-- (two replicas polling one mailbox, a provider retrying a webhook) is processed once.
create table email_replies (
    reply_id            uuid        primary key,
    message_id          text        not null unique,
    from_email          text,
    token               text,
    notification_id     uuid,
    request_id          uuid,
    channel             text        not null check (channel in ('imap', 'http')),
    status              text        not null check (status in ('processing', 'accepted', 'rejected', 'ignored')),
    reason_code         text,
    reason              text,
    feedback            text,
    outcome             text,
    confirmation_status text        check (confirmation_status in ('sent', 'failed', 'skipped')),
    confirmation_error  text,
    received_at         timestamptz not null default now(),
    processed_at        timestamptz
);
create index email_replies_request on email_replies (request_id, received_at);
create index email_replies_recent on email_replies (received_at);
