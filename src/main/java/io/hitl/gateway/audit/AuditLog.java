package io.hitl.gateway.audit;

import io.hitl.gateway.store.SqlWrite;
import io.hitl.gateway.store.TimeOrderedIds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail in PostgreSQL: entries are staged in the caller's transaction
 * ({@code audit_outbox}, no lock) and then linked into the hash chain ({@code audit_log}) under the
 * chain's lock, one appender at a time ({@link #chainPending()}, run by {@link AuditChainer} and
 * before every read);
 * the database refuses to change or delete chained entries.
 */
public final class AuditLog implements AuditTrail {

  /** An entry to append. */
  public record NewEntry(String action, String actor, String requestId, JsonObject details) {
  }

  /** Which entries to read: each part null for any. {@code from} is inclusive, {@code to} exclusive. */
  public record Filter(OffsetDateTime from, OffsetDateTime to, String requestId, String action) {

    /** Every entry. */
    public static final Filter ALL = new Filter(null, null, null, null);
  }

  /** Most entries one chaining statement moves. */
  private static final int CHAIN_BATCH = 100;
  /** Entries moved out of the outbox between two vacuums of it (see {@link #chainAndVacuum()}). */
  static final int VACUUM_EVERY = 5_000;

  private final Pool pool;
  private final int vacuumEvery;
  private final AtomicLong movedSinceVacuum = new AtomicLong();

  /** @param pool where reads and chaining go; appends use the caller's transaction */
  public AuditLog(Pool pool) {
    this(pool, VACUUM_EVERY);
  }

  /** @param vacuumEvery how many moved entries make the chainer vacuum the outbox */
  AuditLog(Pool pool, int vacuumEvery) {
    this.pool = pool;
    this.vacuumEvery = vacuumEvery;
  }

  @Override
  public Future<Void> record(SqlClient tx, String action, String actor, String requestId, JsonObject details) {
    return append(tx, List.of(new NewEntry(action, actor, requestId, details)));
  }

  /** Stages entries, in order, as part of the caller's transaction; they are chained once it commits. */
  public Future<Void> append(SqlClient tx, List<NewEntry> entries) {
    return entries.isEmpty() ? Future.succeededFuture() : staging(entries).execute(tx).mapEmpty();
  }

  /**
   * The statement that stages {@code entries}, in order, for a caller to run on its own or as a
   * part of a {@link SqlWrite#combined combined} statement; they are chained once it commits.
   */
  public static SqlWrite staging(List<NewEntry> entries) {
    int n = entries.size();
    String[][] columns = new String[5][n];
    for (int i = 0; i < n; i++) {
      NewEntry e = entries.get(i);
      columns[0][i] = TimeOrderedIds.next();
      columns[1][i] = e.action();
      columns[2][i] = e.actor() == null ? "system" : e.actor();
      columns[3][i] = e.requestId();
      columns[4][i] = (e.details() == null ? new JsonObject() : e.details()).encode();
    }
    return SqlWrite.of(AuditQueries.APPEND, (Object[]) columns);
  }

  /**
   * Chains every committed staged entry; completes when the outbox was found empty. It looks
   * before it opens a chaining transaction: the chainer runs every 50 ms on every replica, mostly
   * finding nothing. Once it found something it chains batch after batch without looking again.
   */
  public Future<Void> chainPending() {
    return pool.query(AuditQueries.ANY_STAGED).execute()
        .compose(any -> any.iterator().next().getBoolean(0) ? chainStaged() : Future.succeededFuture());
  }

  private Future<Void> chainStaged() {
    return pool.withTransaction(this::chainBatch).compose(moved -> {
      movedSinceVacuum.addAndGet(moved);
      return moved < CHAIN_BATCH ? Future.succeededFuture() : chainStaged();
    });
  }

  /**
   * What the background chainer does each round: {@link #chainPending()}, then the outbox's
   * upkeep, which audit reads (they chain first too) should not wait for.
   *
   * <p>The outbox is a queue: every entry is inserted and deleted again, and until a vacuum the
   * dead rows stay where every look and every read of the oldest entries must pass over them.
   * Autovacuum comes at most once a minute, by which time 2,000 changes a second have left 120,000
   * of them (3.4 ms per look instead of 0.1 ms, a tenth of PostgreSQL's time in a load test), so
   * the chainer vacuums the outbox itself after every {@link #VACUUM_EVERY} moved entries (a few
   * ms each time; a replica that finds another one vacuuming skips it).
   */
  public Future<Void> chainAndVacuum() {
    return chainPending().compose(v -> {
      if (movedSinceVacuum.get() < vacuumEvery) {
        return Future.succeededFuture();
      }
      movedSinceVacuum.set(0);
      // A failed vacuum costs speed, not entries: the chain goes on.
      return pool.query(AuditQueries.VACUUM_OUTBOX).execute().<Void>mapEmpty().recover(e -> Future.succeededFuture());
    });
  }

  /**
   * Links up to {@link #CHAIN_BATCH} staged entries to the chain's head under the chain's lock and
   * moves them in one statement; returns how many. The hashes are computed here rather than by a
   * per-row trigger, which cost PostgreSQL more than inserting the rows.
   */
  private Future<Integer> chainBatch(SqlConnection tx) {
    // Pipelined on the one connection: the head and the staged rows are read once the lock is held.
    Future<RowSet<Row>> isolated = tx.query(AuditQueries.READ_COMMITTED).execute();
    Future<RowSet<Row>> locked = tx.query(AuditQueries.LOCK).execute();
    Future<RowSet<Row>> head = tx.query(AuditQueries.HEAD).execute();
    Future<RowSet<Row>> staged = tx.preparedQuery(AuditQueries.STAGED).execute(Tuple.of(CHAIN_BATCH));
    return Future.all(isolated, locked, head, staged).compose(v -> {
      RowSet<Row> rows = staged.result();
      int n = rows.size();
      if (n == 0) {
        return Future.succeededFuture(0);
      }
      Long[] ids = new Long[n];
      AuditEntry[] linked = new AuditEntry[n];
      Row top = head.result().size() == 0 ? null : head.result().iterator().next();
      long seq = top == null ? 0 : top.getLong("seq");
      byte[] prevHash = top == null ? ChainHash.GENESIS : top.getBuffer("hash").getBytes();
      int i = 0;
      for (Row row : rows) {
        ids[i] = row.getLong("id");
        linked[i] = AuditEntry.linked(row, ++seq, prevHash);
        prevHash = linked[i].hash();
        i++;
      }
      return tx.preparedQuery(AuditQueries.MOVE).execute(moveParams(ids, linked)).map(n);
    });
  }

  private static Tuple moveParams(Long[] ids, AuditEntry[] linked) {
    int n = linked.length;
    Long[] seq = new Long[n];
    String[] entryId = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    String[] action = new String[n];
    String[] actor = new String[n];
    String[] requestId = new String[n];
    String[] details = new String[n];
    Buffer[] prevHash = new Buffer[n];
    Buffer[] hash = new Buffer[n];
    for (int i = 0; i < n; i++) {
      AuditEntry e = linked[i];
      seq[i] = e.seq();
      entryId[i] = e.entryId();
      at[i] = e.at();
      action[i] = e.action();
      actor[i] = e.actor();
      requestId[i] = e.requestId();
      details[i] = e.detailsText();
      prevHash[i] = Buffer.buffer(e.prevHash());
      hash[i] = Buffer.buffer(e.hash());
    }
    return Tuple.tuple().addArrayOfLong(ids).addArrayOfLong(seq).addArrayOfString(entryId).addArrayOfOffsetDateTime(at)
        .addArrayOfString(action).addArrayOfString(actor).addArrayOfString(requestId).addArrayOfString(details)
        .addArrayOfBuffer(prevHash).addArrayOfBuffer(hash);
  }

  /** Up to {@code limit} entries with a seq above {@code afterSeq} that match {@code filter}, in chain order. */
  public Future<List<AuditEntry>> page(Filter filter, long afterSeq, int limit) {
    Tuple params = Tuple.tuple().addLong(afterSeq).addOffsetDateTime(filter.from()).addOffsetDateTime(filter.to())
        .addString(filter.requestId()).addString(filter.action()).addInteger(limit);
    return pool.preparedQuery(AuditQueries.PAGE).execute(params).map(rows -> {
      List<AuditEntry> page = new ArrayList<>(rows.size());
      for (Row row : rows) {
        page.add(AuditEntry.from(row));
      }
      return page;
    });
  }
}
