package io.hitl.gateway.audit;

import io.hitl.gateway.event.EventDispatcher;
import io.hitl.gateway.store.CommitOrder;

/** SQL for the audit trail. */
final class AuditQueries {

  static final String COLUMNS = "seq, entry_id, at, action, actor, request_id, details::text as details_text,"
      + " prev_hash, hash";

  /**
   * Writes entries, in array order, in the caller's transaction, where they stay: no lock is
   * taken. Their position {@code (txid, id)} is their place in the chain-to-be.
   */
  static final String APPEND = "insert into audit_entries (entry_id, action, actor, request_id, details)"
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

  /**
   * Entries not yet linked and safe to link now: after the position of the chain's newest link,
   * read in commit-safe order ({@link CommitOrder}), so an entry that commits late lands after the
   * head and none is passed over.
   */
  private static final String UNLINKED = " from audit_entries where (txid, id) > ("
      + "coalesce((select txid from audit_chain order by seq desc limit 1), 0), "
      + "coalesce((select id from audit_chain order by seq desc limit 1), 0))"
      + " and" + CommitOrder.BELOW_OLDEST_RUNNING;

  /**
   * One row if anything is waiting for its link, read without a transaction, so nothing to do
   * costs one statement. Not {@code exists (…)}, which drops the ordering: the planner then
   * estimated a sequential scan of every entry as cheaper than the primary key's range.
   */
  static final String ANY_UNLINKED = "select 1" + UNLINKED + " order by txid, id limit 1";

  /** The newest link (none before the first). */
  static final String HEAD = "select seq, hash from audit_chain order by seq desc limit 1";

  /**
   * Up to $1 entries waiting for their link, in chain order. {@code details::text} is the text
   * the hash covers: jsonb prints canonically, so reads print it the same.
   */
  static final String UNLINKED_ENTRIES = "select txid, id, entry_id, at, action, actor, request_id,"
      + " details::text as details_text" + UNLINKED + " order by txid, id limit $1";

  /**
   * Links entries ($2, $3 their positions) into the chain: one statement, so the transaction
   * holds a transaction id only from here to its commit.
   *
   * <p>It also notifies the event dispatchers: while this transaction is open, events committed
   * after it began are held back from readers (they read only below the oldest open transaction),
   * and without a notification at its commit they would wait for the dispatchers' next timed look.
   */
  static final String LINK = "with linked as (insert into audit_chain (seq, txid, id, prev_hash, hash)"
      + " select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bytea[], $5::bytea[]))"
      + " select pg_notify('" + EventDispatcher.CHANNEL + "', '')";

  /**
   * A page of linked entries after a seq, filtered by time ({@code at >= $2 and at < $3}), request
   * and action (each null for any), in chain order; {@code audit_log} is the view joining each
   * link to its entry.
   */
  static final String PAGE = "select " + COLUMNS + " from audit_log where seq > $1"
      + " and ($2::timestamptz is null or at >= $2) and ($3::timestamptz is null or at < $3)"
      + " and ($4::uuid is null or request_id = $4) and ($5::text is null or action = $5)"
      + " order by seq limit $6";

  private AuditQueries() {
  }
}
