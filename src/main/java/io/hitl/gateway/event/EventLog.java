package io.hitl.gateway.event;

import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.store.SqlWrite;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The durable, ordered log of every event, in PostgreSQL. Producers append inside their own
 * transaction; readers page through it in commit-safe {@link Position} order.
 */
public final class EventLog implements EventReader {

  private final Pool pool;
  private final GatewayMetrics metrics;

  public EventLog(Pool pool, GatewayMetrics metrics) {
    this.pool = pool;
    this.metrics = metrics;
  }

  /**
   * Appends events as part of the caller's transaction; the insert trigger wakes every
   * replica's dispatcher when that transaction commits.
   *
   * @param tx a connection inside an open transaction
   */
  public Future<Void> append(SqlClient tx, List<NewEvent> events) {
    return appending(events).execute(tx).map(r -> {
      appended(events.size());
      return null;
    });
  }

  /**
   * The statement that appends {@code events}, in order, for a caller to run as a part of a
   * {@link SqlWrite#combined combined} statement; the caller reports it with {@link #appended}
   * once it ran.
   */
  public static SqlWrite appending(List<NewEvent> events) {
    int n = events.size();
    String[] ids = new String[n];
    String[] executions = new String[n];
    String[] types = new String[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      NewEvent e = events.get(i);
      ids[i] = e.eventId();
      executions[i] = e.executionId();
      types[i] = e.type();
      payloads[i] = e.payload().encode();
    }
    return SqlWrite.of(EventQueries.INSERT, ids, executions, types, payloads);
  }

  /** Counts {@code count} events written by one statement or transaction (the public append metrics). */
  public void appended(int count) {
    metrics.eventsAppended(count);
  }

  /**
   * Reads up to {@code limit} events after {@code after}, of one execution or of all
   * (executionId {@code null}), that are safely committed.
   */
  @Override
  public Future<List<StoredEvent>> readAfter(Position after, String executionId, int limit) {
    return executionId == null
        ? readAfter(pool, after, limit)
        : pool.preparedQuery(EventQueries.READ_EXECUTION_AFTER)
            .execute(Tuple.of(after.txid(), after.seq(), limit, executionId)).map(EventLog::toEvents);
  }

  /** Reads up to {@code limit} safely committed events of every execution after {@code after}, on {@code client}. */
  public Future<List<StoredEvent>> readAfter(SqlClient client, Position after, int limit) {
    return client.preparedQuery(EventQueries.READ_ALL_AFTER).execute(Tuple.of(after.txid(), after.seq(), limit))
        .map(EventLog::toEvents);
  }

  /**
   * The position of an event a client names as its cursor.
   *
   * @param executionId the stream's execution, or {@code null} for the all-executions stream
   * @return fails with {@link UnknownEventException} when the id is not an event of that stream
   */
  @Override
  public Future<Position> positionOf(String eventId, String executionId) {
    if (!isUuid(eventId)) {
      return Future.failedFuture(new UnknownEventException(eventId));
    }
    return pool.preparedQuery(EventQueries.POSITION_OF).execute(Tuple.of(eventId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new UnknownEventException(eventId));
      }
      Row row = rows.iterator().next();
      if (executionId != null && !executionId.equals(row.getString(2))) {
        return Future.failedFuture(new UnknownEventException(eventId));
      }
      return Future.succeededFuture(new Position(row.getLong(0), row.getLong(1)));
    });
  }

  /** The position of the newest safely committed event, or {@link Position#START}. */
  public Future<Position> head() {
    return pool.query(EventQueries.HEAD).execute().map(rows -> rows.size() == 0
        ? Position.START
        : new Position(rows.iterator().next().getLong(0), rows.iterator().next().getLong(1)));
  }

  private static List<StoredEvent> toEvents(RowSet<Row> rows) {
    List<StoredEvent> events = new ArrayList<>(rows.size());
    for (Row row : rows) {
      events.add(new StoredEvent(new Position(row.getLong(1), row.getLong(0)), row.getString(2),
          row.getString(3), row.getString(4), row.getString(5), row.getLong(6)));
    }
    return events;
  }

  private static boolean isUuid(String value) {
    try {
      return value != null && value.length() == 36 && UUID.fromString(value) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
