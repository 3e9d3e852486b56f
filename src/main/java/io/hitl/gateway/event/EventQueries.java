package io.hitl.gateway.event;

/**
 * SQL for the event log.
 *
 * <p>Reads are commit-safe: a {@code bigserial} is taken at insert, not at commit, so a cursor on
 * {@code seq} alone would skip a row whose transaction commits after a later one. Readers
 * therefore take only rows whose transaction is older than the oldest transaction still running
 * ({@code pg_snapshot_xmin}), and order them by {@code (txid, seq)}: every row that becomes
 * readable later has a larger txid than any row already read, so a cursor never passes over one.
 */
final class EventQueries {

  private static final String COLUMNS =
      "select seq, txid, event_id::text, execution_id, type, payload::text,"
          + " (extract(epoch from created_at) * 1000)::bigint from events ";

  private static final String COMMITTED =
      " txid < (select pg_snapshot_xmin(pg_current_snapshot())::text::bigint) ";

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
