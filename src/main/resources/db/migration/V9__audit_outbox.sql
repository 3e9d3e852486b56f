-- Audit entries are written in the transaction of the change they describe into audit_outbox,
-- which takes no lock, and moved into the chain (audit_log) by one statement of the chainer
-- (audit.AuditChainer), in outbox order. Before this, every request transaction held the
-- chain's lock until its commit, so all of them ran one after another (about 1,400 requests/s
-- on the load-test machine instead of thousands).
create table audit_outbox (
    id         bigserial   primary key,
    entry_id   uuid        not null,
    at         timestamptz not null default clock_timestamp(),
    action     text        not null,
    actor      text        not null,
    request_id uuid,
    details    jsonb       not null default '{}'::jsonb
);

-- The chain keeps the time of the change (the outbox row's) when it is given.
create or replace function audit_log_chain() returns trigger language plpgsql as $$
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
