-- The audit trail: append-only and hash-chained. Each row's hash is
--   sha256(prev_hash || seq || 0x00 || entry_id || 0x00 || at (epoch microseconds) || 0x00
--          || action || 0x00 || actor || 0x00 || request_id (or empty) || 0x00 || details::text)
-- with every field as UTF-8 text; text cannot hold a NUL byte, so 0x00 separates unambiguously.
-- audit.ChainHash recomputes exactly this in Java. The first row's prev_hash is 32 zero bytes.
create sequence audit_log_seq as bigint;

create table audit_log (
    seq        bigint      primary key,
    entry_id   uuid        not null unique,
    at         timestamptz not null,
    action     text        not null,
    actor      text        not null,
    request_id uuid,
    details    jsonb       not null default '{}'::jsonb,
    prev_hash  bytea       not null,
    hash       bytea       not null
);
alter sequence audit_log_seq owned by audit_log.seq;
create index audit_log_at on audit_log (at);
create index audit_log_request on audit_log (request_id, seq);

create function audit_log_chain() returns trigger language plpgsql as $$
declare
    sep  constant bytea := '\x00'::bytea;
    head bytea;
begin
    if current_setting('transaction_isolation') <> 'read committed' then
        raise exception 'audit_log is appended under READ COMMITTED only (not %)',
            current_setting('transaction_isolation');
    end if;
    -- One appender at a time until it commits: seq and the link to the previous row are taken
    -- under the lock, so seq order is chain order and commit order, and the chain cannot fork.
    perform pg_advisory_xact_lock(hashtext('hitl.audit_log'));
    new.seq := nextval('audit_log_seq');
    -- The time of the change (the outbox row's) when it is given.
    new.at := coalesce(new.at, clock_timestamp());
    -- A volatile function under READ COMMITTED takes a fresh snapshot per query, so this one sees
    -- the rows committed while we waited for the lock (checked on entry: an older snapshot would fork the chain).
    select a.hash into head from audit_log a order by a.seq desc limit 1;
    new.prev_hash := coalesce(head, decode(repeat('00', 32), 'hex'));
    new.details := coalesce(new.details, '{}'::jsonb);
    new.hash := sha256(new.prev_hash
        || convert_to(new.seq::text, 'UTF8') || sep
        || convert_to(new.entry_id::text, 'UTF8') || sep
        || convert_to((extract(epoch from new.at) * 1000000)::bigint::text, 'UTF8') || sep
        || convert_to(new.action, 'UTF8') || sep
        || convert_to(new.actor, 'UTF8') || sep
        || convert_to(coalesce(new.request_id::text, ''), 'UTF8') || sep
        || convert_to(new.details::text, 'UTF8'));
    return new;
end;
$$;

create trigger audit_log_chain before insert on audit_log
    for each row execute function audit_log_chain();

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_refuse_change();

-- Entries are written in the transaction of the change they describe into audit_outbox, which
-- takes no lock, and moved into the chain by one statement of the chainer (audit.AuditChainer),
-- in outbox order. Appending to the chain directly would make every request transaction hold the
-- chain's lock until its commit, so that all of them ran one after another.
create table audit_outbox (
    id         bigserial   primary key,
    entry_id   uuid        not null,
    at         timestamptz not null default clock_timestamp(),
    action     text        not null,
    actor      text        not null,
    request_id uuid,
    details    jsonb       not null default '{}'::jsonb
);
