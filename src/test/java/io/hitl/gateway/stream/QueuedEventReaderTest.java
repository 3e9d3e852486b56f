package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.event.EventReader;
import io.hitl.gateway.event.Position;
import io.hitl.gateway.event.StoredEvent;
import io.hitl.gateway.event.UnknownEventException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueuedEventReaderTest {

  /** A log whose reads complete only when the test says so. */
  private static final class HeldReads implements EventReader {
    final List<Promise<List<StoredEvent>>> pending = new ArrayList<>();
    final List<String> started = new ArrayList<>();

    @Override
    public Future<List<StoredEvent>> readAfter(Position after, String executionId, int limit) {
      started.add(executionId);
      Promise<List<StoredEvent>> p = Promise.promise();
      pending.add(p);
      return p.future();
    }

    @Override
    public Future<Position> positionOf(String eventId, String executionId) {
      started.add(eventId);
      return Future.failedFuture(new UnknownEventException(eventId));
    }
  }

  @Test
  void runsAtMostTheLimitAtOnceAndTheRestInOrder() {
    HeldReads log = new HeldReads();
    QueuedEventReader reader = new QueuedEventReader(log, 2);
    List<Future<List<StoredEvent>>> results = new ArrayList<>();
    for (String exec : List.of("a", "b", "c", "d")) {
      results.add(reader.readAfter(Position.START, exec, 10));
    }
    assertEquals(List.of("a", "b"), log.started, "only two reads start");
    assertEquals(2, reader.waiting());

    log.pending.get(0).complete(List.of());
    assertEquals(List.of("a", "b", "c"), log.started, "a finished read lets the next one start");
    assertTrue(results.get(0).succeeded());
    assertTrue(!results.get(2).isComplete());

    log.pending.get(1).fail("boom");
    assertTrue(results.get(1).failed(), "a failure reaches its caller");
    assertEquals(List.of("a", "b", "c", "d"), log.started, "and still frees its turn");
    assertEquals(0, reader.waiting());
  }

  @Test
  void cursorLookupsTakeTurnsToo() {
    HeldReads log = new HeldReads();
    QueuedEventReader reader = new QueuedEventReader(log, 1);
    reader.readAfter(Position.START, "a", 10);
    Future<Position> lookup = reader.positionOf("e1", "a");
    assertEquals(List.of("a"), log.started);
    log.pending.get(0).complete(List.of());
    assertTrue(lookup.failed() && lookup.cause() instanceof UnknownEventException);
  }
}
