package io.hitl.gateway.stream;

import io.hitl.gateway.event.EventReader;
import io.hitl.gateway.event.Position;
import io.hitl.gateway.event.StoredEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The log reads of one event loop, at most {@code maxConcurrent} at a time, the rest queued in
 * order. A storm of connecting clients (after a replica restart, say) then waits its turn here,
 * for as long as it takes, instead of crowding the database pool until its wait times out and
 * the clients are dropped. Used only on its own event loop, so it needs no locks.
 */
public final class QueuedEventReader implements EventReader {

  private final EventReader log;
  private final int maxConcurrent;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  public QueuedEventReader(EventReader log, int maxConcurrent) {
    this.log = log;
    this.maxConcurrent = maxConcurrent;
  }

  @Override
  public Future<List<StoredEvent>> readAfter(Position after, String executionId, int limit) {
    return queued(() -> log.readAfter(after, executionId, limit));
  }

  @Override
  public Future<Position> positionOf(String eventId, String executionId) {
    return queued(() -> log.positionOf(eventId, executionId));
  }

  /** How many reads wait for a turn. */
  public int waiting() {
    return waiting.size();
  }

  private <T> Future<T> queued(Supplier<Future<T>> read) {
    Promise<T> result = Promise.promise();
    Runnable start = () -> {
      running++;
      read.get().onComplete(ar -> {
        running--;
        startNext();
        result.handle(ar);
      });
    };
    if (running < maxConcurrent) {
      start.run();
    } else {
      waiting.add(start);
    }
    return result.future();
  }

  private void startNext() {
    Runnable next = waiting.poll();
    if (next != null) {
      next.run();
    }
  }
}
