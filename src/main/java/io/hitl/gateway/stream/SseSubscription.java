package io.hitl.gateway.stream;

import io.hitl.gateway.event.Position;
import io.hitl.gateway.event.StoredEvent;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.metrics.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerConnection;

/** A subscription delivered as Server-Sent Events: {@code id: <event_id>} and {@code data: <json>}. */
final class SseSubscription extends ConnectionSubscription {

  /** The last event sent to a client whose backlog exceeded the limit, before the stream ends. */
  static final Buffer SLOW_CONSUMER_FRAME = Buffer.buffer(
      "event: error\ndata: {\"type\":\"error\",\"error\":\"backlog_exceeded\","
          + "\"message\":\"client too slow: reconnect with Last-Event-ID\"}\n\n");

  /** The end of a stream when the gateway shuts down: reconnect after a second, with Last-Event-ID. */
  static final Buffer SHUTDOWN_FRAME = Buffer.buffer("retry: 1000\n: gateway shutting down, reconnect\n\n");

  /** How long a disconnected slow client may take to read its last frames before the socket is cut. */
  static final long CLOSE_GRACE_MS = 10_000;

  private final HttpServerRequest request;
  private final HttpServerResponse response;

  SseSubscription(HttpServerRequest request, String executionId, Position from, int holdLimit, int backlogBytes,
      GatewayMetrics metrics) {
    super(request.response(), executionId, from, Transport.SSE, holdLimit, backlogBytes, metrics);
    this.request = request;
    this.response = request.response();
  }

  @Override
  protected void write(StoredEvent event) {
    response.write(event.sseFrame());
  }

  @Override
  protected boolean connectionClosed() {
    return response.closed();
  }

  @Override
  protected void closeForShutdown() {
    if (!response.ended() && !response.closed()) {
      response.end(SHUTDOWN_FRAME);
    }
  }

  @Override
  protected void disconnect() {
    if (!response.closed()) {
      response.end(SLOW_CONSUMER_FRAME);
      // A graceful close is queued behind the unread bytes, so it only happens if the client
      // reads on; one that stays stalled is cut off after a grace period, dropping its backlog.
      request.connection().close();
      Vertx.currentContext().owner().setTimer(CLOSE_GRACE_MS, id -> {
        if (request.connection() instanceof HttpServerConnection connection) {
          connection.channelHandlerContext().close();
        }
      });
    }
  }

  @Override
  protected void heartbeat(Heartbeat heartbeat) {
    if (!response.ended() && !response.closed() && !response.writeQueueFull()) {
      response.write(heartbeat.sseFrame());
    }
  }
}
