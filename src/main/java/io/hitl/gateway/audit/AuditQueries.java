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
   * Moves up to $1 committed outbox entries, oldest first, into the chain and returns how many; the
   * {@code audit_log_chain} trigger assigns seq and links each row to the one before. Rows another
   * replica is moving are skipped, so none is chained twice.
   *
   * <p>When it moved any, it also notifies the event dispatchers: while this transaction is open,
   * events committed after it began are held back from readers (they read only below the oldest
   * open transaction), and without a notification at its commit they would wait for the
   * dispatchers' next timed look.
   */
  static final String CHAIN = "with moved as (delete from audit_outbox where id in"
      + " (select id from audit_outbox order by id limit $1 for update skip locked)"
      + " returning id, entry_id, at, action, actor, request_id, details),"
      + " chained as (insert into audit_log (entry_id, at, action, actor, request_id, details)"
      + " select entry_id, at, action, actor, request_id, details from moved order by id returning 1)"
      + " select n, (select pg_notify('" + EventDispatcher.CHANNEL + "', '') where n > 0)"
      + " from (select count(*)::int as n from chained) c";

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
