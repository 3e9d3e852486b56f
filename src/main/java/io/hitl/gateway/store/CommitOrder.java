package io.hitl.gateway.store;

/**
 * Reading rows in commit-safe order. A {@code bigserial} is taken at insert, not at commit, so a
 * cursor on it alone would skip a row whose transaction commits after a later one. Tables read
 * this way store their writer's transaction id ({@code txid}, defaulting to
 * {@code pg_current_xact_id()}); readers take only rows whose transaction is older than the oldest
 * one still running and order them by {@code (txid, <serial>)}: every row that becomes readable
 * later has a larger txid than any row already read, so a cursor never passes over one. The
 * price: a row waits while an older transaction is open anywhere on the server.
 */
public final class CommitOrder {

  /** The condition that keeps a read below the oldest running transaction (a SQL fragment, spaced on both sides). */
  public static final String BELOW_OLDEST_RUNNING =
      " txid < (select pg_snapshot_xmin(pg_current_snapshot())::text::bigint) ";

  private CommitOrder() {
  }
}
