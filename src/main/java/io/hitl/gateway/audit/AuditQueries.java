package io.hitl.gateway.audit;

import io.hitl.gateway.event.EventDispatcher;

/** SQL for the audit trail. */
final class AuditQueries {

  static final String COLUMNS = "seq, entry_id, at, action, actor, request_id, details::text as details_text,"
      + " prev_hash, hash";

  /** Stages entries, in array order, in the outbox of the caller's transaction: no lock is taken. */
  static final String APPEND = "insert into audit_outbox (entry_id, action, actor, request_id, details)"
      + " select e, a, who, r, d::jsonb"
      + " from unnest($1::text[]::uuid[], $2::text[], $3::text[], $4::text[]::uuid[], $5::text[])"
      + " with ordinality as u(e, a, who, r, d, n) order by n";

  /**
   * The chain's lock, held until the chaining transaction ends: one appender at a time, across
   * replicas, so seq order is chain order and the chain cannot fork.
   */
  static final String LOCK = "select pg_advisory_xact_lock(hashtext('hitl.audit_log'))";

  /**
   * Chaining reads the head after waiting for the lock, so it needs a fresh snapshot per
   * statement, whatever the database's default isolation (under a transaction snapshot it would
   * miss the entries chained while it waited, and its insert would fail on the primary key).
   */
  static final String READ_COMMITTED = "set transaction isolation level read committed";

  /** Whether anything is staged: read without a transaction, so an empty outbox costs one statement. */
  static final String ANY_STAGED = "select exists (select 1 from audit_outbox)";

  /**
   * Frees the outbox's dead rows; skipped when another session is vacuuming it. Without
   * {@code truncate false} each vacuum ends by cutting the emptied pages off the table under an
   * exclusive lock that every create (which stages an entry here) waits for: 36 ms a vacuum at
   * 1,000 creates/s in the load test, against 1.3 ms without it. The pages are reused anyway.
   */
  static final String VACUUM_OUTBOX = "vacuum (skip_locked, truncate false) audit_outbox";

  /** The newest chained entry (none before the first). */
  static final String HEAD = "select seq, hash from audit_log order by seq desc limit 1";

  /**
   * Up to $1 committed staged entries, oldest first. {@code details::text} is the text the hash
   * covers: jsonb prints canonically, so the row inserted from it prints the same.
   */
  static final String STAGED = "select id, entry_id, at, action, actor, request_id, details::text as details_text"
      + " from audit_outbox order by id limit $1";

  /**
   * Removes the staged entries $1 and appends them, linked, to the chain: one statement, so the
   * transaction holds a transaction id only from here to its commit.
   *
   * <p>It also notifies the event dispatchers: while this transaction is open, events committed
   * after it began are held back from readers (they read only below the oldest open transaction),
   * and without a notification at its commit they would wait for the dispatchers' next timed look.
   */
  static final String MOVE = "with moved as (delete from audit_outbox where id = any($1::bigint[])),"
      + " chained as (insert into audit_log (seq, entry_id, at, action, actor, request_id, details, prev_hash, hash)"
      + " select * from unnest($2::bigint[], $3::text[]::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::text[]::uuid[],"
      + " $8::text[]::jsonb[], $9::bytea[], $10::bytea[]))"
      + " select pg_notify('" + EventDispatcher.CHANNEL + "', '')";

  /**
   * A page of entries after a seq, filtered by time ({@code at >= $2 and at < $3}), request and
   * action (each null for any), in chain order.
   */
  static final String PAGE = "select " + COLUMNS + " from audit_log where seq > $1"
      + " and ($2::timestamptz is null or at >= $2) and ($3::timestamptz is null or at < $3)"
      + " and ($4::uuid is null or request_id = $4) and ($5::text is null or action = $5)"
      + " order by seq limit $6";

  private AuditQueries() {
  }
}
