-- The chainer (audit.AuditLog.chainPending) links entries itself: under the chain's advisory lock
-- it reads the head, computes each hash exactly as V4 describes (audit.ChainHash) and inserts the
-- linked rows in one statement. The per-row trigger that did this cost PostgreSQL more than the
-- insert itself (a head lookup, the lock and the hashing per row). The primary key on seq still
-- refuses a fork, and /verify recomputes every hash.
drop trigger audit_log_chain on audit_log;
drop function audit_log_chain();
drop sequence audit_log_seq;
