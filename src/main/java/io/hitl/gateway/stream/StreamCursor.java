package io.hitl.gateway.stream;

import io.hitl.gateway.event.EventReader;
import io.hitl.gateway.event.Position;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/** Where a client wants its stream to start: after the event it names, or a default. */
final class StreamCursor {

  /** The query parameter every transport accepts. */
  static final String PARAM = "last_event_id";
  /** The header browsers' EventSource sends when it reconnects. */
  static final String HEADER = "Last-Event-ID";

  private StreamCursor() {
  }

  /**
   * Resolves the client's cursor: the {@code Last-Event-ID} header, else the {@code last_event_id}
   * query parameter, else {@code fallback}.
   *
   * @return fails with {@code UnknownEventException} for an id that is not in this stream
   */
  static Future<Position> resolve(EventReader log, HttpServerRequest request, String executionId, Position fallback) {
    String lastEventId = request.getHeader(HEADER);
    if (lastEventId == null || lastEventId.isBlank()) {
      lastEventId = request.getParam(PARAM);
    }
    if (lastEventId == null || lastEventId.isBlank()) {
      return Future.succeededFuture(fallback);
    }
    return log.positionOf(lastEventId.trim(), executionId);
  }

  /**
   * Where a stream without a cursor starts: an execution's stream replays the execution from its
   * first event; the all-executions stream starts with the next live event.
   */
  static Position defaultStart(String executionId) {
    return executionId == null ? null : Position.START;
  }
}
