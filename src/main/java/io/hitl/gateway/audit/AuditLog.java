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

/**
 * The audit trail in PostgreSQL: entries are written where they stay in the caller's transaction
 * ({@code audit_entries}, no lock), and then linked into the hash chain ({@code audit_chain}) under
 * the chain's lock, one linker at a time ({@link #chainPending()}, run by {@link AuditChainer} and
 * before every read); the database refuses to change or delete entries and links.
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

  /** Most entries one chaining statement links. */
  private static final int CHAIN_BATCH = 100;

  private final Pool pool;

  /** @param pool where reads and chaining go; appends use the caller's transaction */
  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> record(SqlClient tx, String action, String actor, String requestId, JsonObject details) {
    return append(tx, List.of(new NewEntry(action, actor, requestId, details)));
  }

  /** Writes entries, in order, as part of the caller's transaction; they are chained once it commits. */
  public Future<Void> append(SqlClient tx, List<NewEntry> entries) {
    return entries.isEmpty() ? Future.succeededFuture() : appending(entries).execute(tx).mapEmpty();
  }

  /**
   * The statement that writes {@code entries}, in order, for a caller to run on its own or as a
   * part of a {@link SqlWrite#combined combined} statement; they are chained once it commits.
   */
  public static SqlWrite appending(List<NewEntry> entries) {
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
   * Chains every committed entry that has no link yet; completes when none was found. It looks
   * before it opens a chaining transaction: the chainer runs every 50 ms on every replica, mostly
   * finding nothing. Once it found something it chains batch after batch without looking again.
   */
  public Future<Void> chainPending() {
    return pool.query(AuditQueries.ANY_UNLINKED).execute()
        .compose(any -> any.size() > 0 ? chainUnlinked() : Future.succeededFuture());
  }

  private Future<Void> chainUnlinked() {
    return pool.withTransaction(this::chainBatch)
        .compose(linked -> linked < CHAIN_BATCH ? Future.succeededFuture() : chainUnlinked());
  }

  /**
   * Links up to {@link #CHAIN_BATCH} entries to the chain's head under the chain's lock, in one
   * statement; returns how many. The hashes are computed here rather than by a per-row trigger,
   * which cost PostgreSQL more than inserting the rows.
   */
  private Future<Integer> chainBatch(SqlConnection tx) {
    // Pipelined on the one connection: the head and the entries are read once the lock is held.
    Future<RowSet<Row>> isolated = tx.query(AuditQueries.READ_COMMITTED).execute();
    Future<RowSet<Row>> locked = tx.query(AuditQueries.LOCK).execute();
    Future<RowSet<Row>> head = tx.query(AuditQueries.HEAD).execute();
    Future<RowSet<Row>> unlinked = tx.preparedQuery(AuditQueries.UNLINKED_ENTRIES).execute(Tuple.of(CHAIN_BATCH));
    return Future.all(isolated, locked, head, unlinked).compose(v -> {
      RowSet<Row> rows = unlinked.result();
      int n = rows.size();
      if (n == 0) {
        return Future.succeededFuture(0);
      }
      Row top = head.result().size() == 0 ? null : head.result().iterator().next();
      long seq = top == null ? 0 : top.getLong("seq");
      byte[] prevHash = top == null ? ChainHash.GENESIS : top.getBuffer("hash").getBytes();
      Long[] seqs = new Long[n];
      Long[] txids = new Long[n];
      Long[] ids = new Long[n];
      Buffer[] prevHashes = new Buffer[n];
      Buffer[] hashes = new Buffer[n];
      int i = 0;
      for (Row row : rows) {
        AuditEntry entry = AuditEntry.linked(row, ++seq, prevHash);
        seqs[i] = seq;
        txids[i] = row.getLong("txid");
        ids[i] = row.getLong("id");
        prevHashes[i] = Buffer.buffer(prevHash);
        hashes[i] = Buffer.buffer(entry.hash());
        prevHash = entry.hash();
        i++;
      }
      Tuple links = Tuple.tuple().addArrayOfLong(seqs).addArrayOfLong(txids).addArrayOfLong(ids)
          .addArrayOfBuffer(prevHashes).addArrayOfBuffer(hashes);
      return tx.preparedQuery(AuditQueries.LINK).execute(links).map(n);
    });
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
