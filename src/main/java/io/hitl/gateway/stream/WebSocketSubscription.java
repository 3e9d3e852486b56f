package io.hitl.gateway.stream;

import io.hitl.gateway.event.Position;
import io.hitl.gateway.event.StoredEvent;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.metrics.Transport;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/** A subscription delivered over a WebSocket: each event is one text frame. */
final class WebSocketSubscription extends ConnectionSubscription {

  /** Close code sent to a client whose backlog exceeded the limit; it should resume with its last event id. */
  static final short SLOW_CONSUMER_CLOSE_CODE = 4008;
  static final String SLOW_CONSUMER_REASON = "backlog_exceeded: reconnect with last_event_id";
  /** Close code sent when the gateway shuts down (1012, Service Restart); reconnecting resumes elsewhere. */
  static final short SHUTDOWN_CLOSE_CODE = 1012;
  static final String SHUTDOWN_REASON = "service restart: reconnect with last_event_id";

  private final ServerWebSocket socket;

  WebSocketSubscription(ServerWebSocket socket, String executionId, Position from, int holdLimit, int backlogBytes,
      GatewayMetrics metrics) {
    super(socket, executionId, from, Transport.WEBSOCKET, holdLimit, backlogBytes, metrics);
    this.socket = socket;
  }

  @Override
  protected void write(StoredEvent event) {
    // The frame wraps the event's shared UTF-8 bytes: encoded once, not once per connection.
    socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, event.utf8(), true));
  }

  @Override
  protected boolean connectionClosed() {
    return socket.isClosed();
  }

  @Override
  protected void closeForShutdown() {
    if (!socket.isClosed()) {
      socket.close(SHUTDOWN_CLOSE_CODE, SHUTDOWN_REASON);
    }
  }

  @Override
  protected void disconnect() {
    socket.close(SLOW_CONSUMER_CLOSE_CODE, SLOW_CONSUMER_REASON);
  }

  @Override
  protected void heartbeat(Heartbeat heartbeat) {
    if (!socket.isClosed()) {
      socket.writePing(heartbeat.pingPayload());
    }
  }
}
