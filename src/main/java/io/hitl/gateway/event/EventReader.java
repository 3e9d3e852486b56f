package io.hitl.gateway.event;

import io.vertx.core.Future;
import java.util.List;

/** Reads the event log: what stream endpoints need to replay history and resolve cursors. */
public interface EventReader {

  /**
   * Up to {@code limit} safely committed events after {@code after}, of one execution or of all
   * ({@code executionId} null), in log order.
   */
  Future<List<StoredEvent>> readAfter(Position after, String executionId, int limit);

  /**
   * The position of the event a client names as its cursor; fails with
   * {@link UnknownEventException} when it is not an event of that stream.
   */
  Future<Position> positionOf(String eventId, String executionId);
}
