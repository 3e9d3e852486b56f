-- Fewer index entries written per created request: every index is a B-tree insertion and a WAL
-- record per row, and a created request writes a request row, its event and its audit entry.
-- (Measured in loadtest/README.md, "durable ingest": 18 WAL records per created request before.)

-- Readers find events only by position (txid, seq) or by event_id; nothing looks an event up by
-- seq alone, so the position index becomes the primary key instead of sitting beside it.
alter table events drop constraint events_pkey;
drop index events_position;
alter table events add constraint events_pkey primary key (txid, seq);

-- The reviewer's inbox filters by one assignee; most requests have none, and need no entry.
drop index human_input_requests_assignee;
create index human_input_requests_assignee on human_input_requests (assigned_to_email, status, created_at)
    where assigned_to_email is not null;

-- Entries are chained in time order, so the time filter of an audit page is served by a block
-- range index: a range is summarized once (by vacuum, or autosummarize), and an insert into a range
-- not yet summarized writes nothing to the index.
drop index audit_log_at;
create index audit_log_at on audit_log using brin (at) with (autosummarize = on);
