package io.hitl.gateway.store;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Instant;

/**
 * Whether PostgreSQL answers: probed every second with {@code select 1}, so health endpoints
 * answer from memory and never pile queries onto a struggling database.
 */
public final class DatabaseHealth {

  private static final long PROBE_MILLIS = 1000;

  private final Pool pool;
  private volatile boolean up = true;
  private volatile Instant lastChange = Instant.now();
  private boolean probing;

  private DatabaseHealth(Pool pool) {
    this.pool = pool;
  }

  /** Starts probing on a Vert.x timer. */
  public static DatabaseHealth start(Vertx vertx, Pool pool) {
    DatabaseHealth health = new DatabaseHealth(pool);
    vertx.setPeriodic(PROBE_MILLIS, id -> health.probe());
    return health;
  }

  /** True when the last probe succeeded. */
  public boolean up() {
    return up;
  }

  /** When {@link #up()} last changed. */
  public Instant lastChange() {
    return lastChange;
  }

  private void probe() {
    if (probing) {
      return;
    }
    probing = true;
    pool.query("select 1").execute()
        .timeout(PROBE_MILLIS * 2, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          probing = false;
          if (ar.succeeded() != up) {
            up = ar.succeeded();
            lastChange = Instant.now();
          }
        });
  }
}
