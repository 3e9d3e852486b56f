package io.hitl.gateway.event;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed events from the log to this replica's listeners, each exactly once and in log
 * order. One per replica.
 *
 * <p>It is woken by PostgreSQL {@code NOTIFY} (a dedicated {@code LISTEN} connection that is
 * re-established after any loss) and by a short timer, and always re-reads from its own cursor:
 * a lost notification only delays an event, it never loses one. It reads on that same connection
 * while it is up, so live delivery never waits for a pooled connection: producers filling the
 * pool, or a pooled statement stuck on a lock, do not hold events back. While it reconnects,
 * reads go through the pool.
 */
public final class EventDispatcher extends VerticleBase {

  /** The channel the events table's insert trigger notifies. */
  public static final String CHANNEL = "hitl_events";

  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
  private static final int BATCH = 1000;
  private static final long MAX_RECONNECT_DELAY_MS = 5000;

  private final EventLog log;
  private final EventFanout fanout;
  private final PgConnectOptions listenOptions;
  private final long intervalMillis;

  private Position cursor;
  private boolean reading;
  private boolean readAgain;
  private PgConnection listenConnection;
  private long reconnectDelayMs = 100;
  private volatile boolean listening;
  private volatile boolean stopped;

  /**
   * @param listenOptions where to open the {@code LISTEN} connection
   * @param intervalMillis how often to look for events without being notified
   */
  public EventDispatcher(EventLog log, EventFanout fanout, PgConnectOptions listenOptions, long intervalMillis) {
    this.log = log;
    this.fanout = fanout;
    this.listenOptions = listenOptions;
    this.intervalMillis = intervalMillis;
  }

  /** True while the {@code LISTEN} connection is up. */
  public boolean listening() {
    return listening;
  }

  /**
   * Completes once the first {@code LISTEN} attempt has finished, so a replica that reports itself
   * started is already healthy; when that attempt fails it keeps retrying in the background.
   */
  @Override
  public Future<?> start() {
    return log.head().compose(head -> {
      cursor = head;
      vertx.setPeriodic(intervalMillis, id -> wake());
      return listen().recover(e -> Future.succeededFuture());
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    listening = false;
    return listenConnection == null ? Future.succeededFuture() : listenConnection.close();
  }

  private Future<Void> listen() {
    return PgConnection.connect(vertx, listenOptions)
        .compose(conn -> {
          listenConnection = conn;
          conn.notificationHandler(n -> wake());
          conn.closeHandler(v -> onListenLost());
          return conn.query("LISTEN " + CHANNEL).execute();
        })
        .onSuccess(r -> {
          listening = true;
          reconnectDelayMs = 100;
          LOG.info("listening for events on channel {}", CHANNEL);
          wake();
        })
        .onFailure(e -> {
          LOG.warn("could not listen for events ({}), retrying in {} ms", e.getMessage(), reconnectDelayMs);
          if (listenConnection != null) {
            listenConnection.close();
            listenConnection = null;
          }
          retryListen();
        })
        .mapEmpty();
  }

  private void onListenLost() {
    if (stopped) {
      return;
    }
    boolean wasListening = listening;
    listening = false;
    listenConnection = null;
    if (wasListening) {
      LOG.warn("lost the LISTEN connection to PostgreSQL, reconnecting");
      retryListen();
    }
  }

  private void retryListen() {
    if (stopped) {
      return;
    }
    long delay = reconnectDelayMs;
    reconnectDelayMs = Math.min(MAX_RECONNECT_DELAY_MS, reconnectDelayMs * 2);
    vertx.setTimer(delay, id -> listen());
  }

  private void wake() {
    if (cursor == null) {
      return;
    }
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    readAgain = false;
    PgConnection own = listening ? listenConnection : null;
    (own != null ? log.readAfter(own, cursor, BATCH) : log.readAfter(cursor, null, BATCH))
        .onComplete(ar -> {
          reading = false;
          if (ar.succeeded()) {
            List<StoredEvent> batch = ar.result();
            if (!batch.isEmpty()) {
              cursor = batch.get(batch.size() - 1).position();
              fanout.publish(batch);
            }
            if (batch.size() == BATCH || readAgain) {
              wake();
            }
          } else {
            LOG.debug("event read failed: {}", ar.cause().getMessage());
          }
        });
  }
}
