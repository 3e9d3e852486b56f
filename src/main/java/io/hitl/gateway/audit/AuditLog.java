package io.hitl.gateway.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The audit trail in PostgreSQL: entries are staged in the caller's transaction
 * ({@code audit_outbox}, no lock) and then chained into {@code audit_log} by the database, one
 * appender at a time ({@link #chainPending()}, run by {@link AuditChainer} and before every read);
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

  private final SqlClient client;

  /** @param client where reads go (the pool); appends use the caller's transaction */
  public AuditLog(SqlClient client) {
    this.client = client;
  }

  @Override
  public Future<Void> record(SqlClient tx, String action, String actor, String requestId, JsonObject details) {
    return append(tx, List.of(new NewEntry(action, actor, requestId, details)));
  }

  /** Stages entries, in order, as part of the caller's transaction; they are chained once it commits. */
  public Future<Void> append(SqlClient tx, List<NewEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = entries.size();
    String[][] columns = new String[5][n];
    for (int i = 0; i < n; i++) {
      NewEntry e = entries.get(i);
      columns[0][i] = UUID.randomUUID().toString();
      columns[1][i] = e.action();
      columns[2][i] = e.actor() == null ? "system" : e.actor();
      columns[3][i] = e.requestId();
      columns[4][i] = (e.details() == null ? new JsonObject() : e.details()).encode();
    }
    return tx.preparedQuery(AuditQueries.APPEND).execute(Tuple.from(columns)).mapEmpty();
  }

  /**
   * Chains every committed staged entry; completes when the outbox was found empty (or held by
   * another replica's chainer).
   */
  public Future<Void> chainPending() {
    return client.preparedQuery(AuditQueries.CHAIN).execute(Tuple.of(CHAIN_BATCH))
        .compose(moved -> moved.iterator().next().getInteger(0) < CHAIN_BATCH ? Future.succeededFuture() : chainPending());
  }

  /** Up to {@code limit} entries with a seq above {@code afterSeq} that match {@code filter}, in chain order. */
  public Future<List<AuditEntry>> page(Filter filter, long afterSeq, int limit) {
    Tuple params = Tuple.tuple().addLong(afterSeq).addOffsetDateTime(filter.from()).addOffsetDateTime(filter.to())
        .addString(filter.requestId()).addString(filter.action()).addInteger(limit);
    return client.preparedQuery(AuditQueries.PAGE).execute(params).map(rows -> {
      List<AuditEntry> page = new ArrayList<>(rows.size());
      for (Row row : rows) {
        page.add(AuditEntry.from(row));
      }
      return page;
    });
  }
}
