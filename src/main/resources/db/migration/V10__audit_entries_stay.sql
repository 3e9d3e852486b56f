-- An audit entry is written once, where it stays: a change inserts it into audit_entries in its
-- own transaction (no lock), and the chainer only adds its link to audit_chain (seq, prev_hash,
-- hash). Until now a change staged the entry in audit_outbox and the chainer deleted it there and
-- inserted it again into audit_log: three row changes and a vacuum per entry, and a third of the
-- durable-ingest throughput in the load test. The hash formula (V4) and the API are unchanged.
--
-- Chain order is position order, (txid, id), as in the event log: the chainer links only entries
-- whose transaction is older than the oldest one still running (pg_snapshot_xmin), so an entry
-- that commits late always lands after the chain's head and none is ever passed over.
--
-- Upgrading: stop the replicas of the previous version before this migration runs; they write to
-- audit_outbox, which it drops.
create table audit_entries (
    txid       bigint      not null default (pg_current_xact_id()::text::bigint),
    id         bigserial,
    entry_id   uuid        not null,
    at         timestamptz not null default clock_timestamp(),
    action     text        not null,
    actor      text        not null,
    request_id uuid,
    details    jsonb       not null default '{}'::jsonb,
    primary key (txid, id)
);
-- Time filters of audit pages: entries come in time order, so a block range index serves them
-- and an insert into a range not yet summarized writes nothing to it.
create index audit_entries_at on audit_entries using brin (at) with (autosummarize = on);
create index audit_entries_request on audit_entries (request_id) where request_id is not null;

create table audit_chain (
    seq       bigint primary key,
    txid      bigint not null,
    id        bigint not null,
    prev_hash bytea  not null,
    hash      bytea  not null,
    -- An entry is linked at most once.
    unique (txid, id)
);

-- The chain as it was, then what was staged but not yet chained, in that order: all of it takes
-- this transaction's txid and ids in chain order, so the chainer goes on after the last link.
insert into audit_entries (entry_id, at, action, actor, request_id, details)
    select entry_id, at, action, actor, request_id, details from audit_log order by seq;
insert into audit_chain (seq, txid, id, prev_hash, hash)
    select l.seq, e.txid, e.id, l.prev_hash, l.hash from audit_log l join audit_entries e using (entry_id);
insert into audit_entries (entry_id, at, action, actor, request_id, details)
    select entry_id, at, action, actor, request_id, details from audit_outbox order by id;

drop table audit_outbox;
drop table audit_log;

-- What audit reads see: every chained entry with its link.
create view audit_log as
    select c.seq, e.entry_id, e.at, e.action, e.actor, e.request_id, e.details, c.prev_hash, c.hash
    from audit_chain c join audit_entries e on e.txid = c.txid and e.id = c.id;

-- The refusal names the table it guards.
create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_entries_no_update before update or delete on audit_entries
    for each row execute function audit_log_refuse_change();
create trigger audit_entries_no_truncate before truncate on audit_entries
    for each statement execute function audit_log_refuse_change();
create trigger audit_chain_no_update before update or delete on audit_chain
    for each row execute function audit_log_refuse_change();
create trigger audit_chain_no_truncate before truncate on audit_chain
    for each statement execute function audit_log_refuse_change();
