package io.hitl.gateway.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small, rarely changing read (routing rules, settings, active webhooks) kept for a moment, so
 * that the hot path of creating requests does not query it for every batch. The replica that
 * changes the data {@link #invalidate() invalidates} at once; other replicas see the change within
 * the time-to-live.
 */
public final class CachedRead<T> {

  private record Entry<T>(T value, long loadedAtNanos) {
  }

  private final Function<SqlClient, Future<T>> loader;
  private final long ttlNanos;
  private final AtomicLong generation = new AtomicLong();
  private volatile Entry<T> entry;

  /** @param ttlMillis how long another replica's change may go unseen */
  public CachedRead(Function<SqlClient, Future<T>> loader, long ttlMillis) {
    this.loader = loader;
    this.ttlNanos = ttlMillis * 1_000_000L;
  }

  /** The cached value while fresh, else a new read through {@code client}. */
  public Future<T> get(SqlClient client) {
    Entry<T> current = entry;
    long now = System.nanoTime();
    if (current != null && now - current.loadedAtNanos < ttlNanos) {
      return Future.succeededFuture(current.value);
    }
    long readingGeneration = generation.get();
    return loader.apply(client).onSuccess(value -> {
      // A read that raced with a change must not put the old value back.
      if (generation.get() == readingGeneration) {
        entry = new Entry<>(value, now);
      }
    });
  }

  /** Forgets the value: the next {@link #get} reads again. */
  public void invalidate() {
    generation.incrementAndGet();
    entry = null;
  }
}
