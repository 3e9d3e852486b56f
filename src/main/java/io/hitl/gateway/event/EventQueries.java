package io.hitl.gateway.event;

import io.hitl.gateway.store.CommitOrder;

/** SQL for the event log, read in commit-safe order by {@code (txid, seq)} (see {@link CommitOrder}). */
final class EventQueries {

  private static final String COLUMNS =
      "select seq, txid, event_id::text, execution_id, type, payload::text,"
          + " (extract(epoch from created_at) * 1000)::bigint from events ";

  private static final String COMMITTED = CommitOrder.BELOW_OLDEST_RUNNING;

  /** Any number of events in one statement; their seq follows the order of the arrays. */
  static final String INSERT = "insert into events (event_id, execution_id, type, payload)"
      + " select * from unnest($1::text[]::uuid[], $2::text[], $3::text[], $4::text[]::json[])";

  static final String READ_ALL_AFTER =
      COLUMNS + "where (txid, seq) > ($1, $2) and" + COMMITTED + "order by txid, seq limit $3";

  static final String READ_EXECUTION_AFTER =
      COLUMNS + "where execution_id = $4 and (txid, seq) > ($1, $2) and" + COMMITTED
          + "order by txid, seq limit $3";

  static final String POSITION_OF = "select txid, seq, execution_id from events where event_id = $1::uuid";

  static final String HEAD = "select txid, seq from events where" + COMMITTED + "order by txid desc, seq desc limit 1";

  private EventQueries() {
  }
}
