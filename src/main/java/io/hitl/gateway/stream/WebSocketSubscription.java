package io.hitl.gateway.stream;

import io.hitl.gateway.event.Position;
import io.hitl.gateway.event.StoredEvent;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.metrics.Transport;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.net.impl.VertxConnection;
import java.util.Map;

/**
 * A subscription delivered over a WebSocket: each event is one text frame. Where the connection
 * writes directly and negotiated no extension (compression), the frame is the one encoded once for
 * every subscriber on the event loop ({@link SharedTextFrames}); otherwise it goes through Vert.x.
 */
final class WebSocketSubscription extends ConnectionSubscription {

  /** Close code sent to a client whose backlog exceeded the limit; it should resume with its last event id. */
  static final short SLOW_CONSUMER_CLOSE_CODE = 4008;
  static final String SLOW_CONSUMER_REASON = "backlog_exceeded: reconnect with last_event_id";
  /** Close code sent when the gateway shuts down (1012, Service Restart); reconnecting resumes elsewhere. */
  static final short SHUTDOWN_CLOSE_CODE = 1012;
  static final String SHUTDOWN_REASON = "service restart: reconnect with last_event_id";

  private final ServerWebSocket socket;
  private final SharedTextFrames frames;
  /** Where shared frames enter the pipeline ({@link #frameWriter}), or null to write through Vert.x. */
  private final ChannelHandlerContext channel;
  private final ChannelPromise noPromise;

  /**
   * @param connection the socket's connection if it writes directly ({@link DirectWebSocketWrites}), else null
   * @param frames the shared frames of this event loop
   */
  WebSocketSubscription(ServerWebSocket socket, VertxConnection connection, SharedTextFrames frames, String executionId,
      Position from, int holdLimit, int backlogBytes, GatewayMetrics metrics) {
    super(socket, executionId, from, Transport.WEBSOCKET, holdLimit, backlogBytes, metrics);
    this.socket = socket;
    this.frames = frames;
    boolean plainFrames = connection != null
        && connection.channelHandlerContext().pipeline().get(WebSocketExtensionEncoder.class) == null;
    this.channel = plainFrames ? frameWriter(connection.channelHandlerContext()) : null;
    this.noPromise = plainFrames ? connection.voidPromise : null;
  }

  /**
   * Where an already encoded frame enters the pipeline: at the WebSocket handler nearest the socket
   * (the extension handler or the frame encoder), so that it skips their per-write checks (the
   * extension handler looks for the upgrade response on every write: 5 % of the gateway's CPU in
   * a 5,000-subscriber fan-out) while everything nearer the socket, TLS included, still sees it.
   * Only used when no extension was negotiated, so those handlers have nothing to do with it.
   * Vert.x's own place when there is neither.
   */
  static ChannelHandlerContext frameWriter(ChannelHandlerContext vertxHandler) {
    for (Map.Entry<String, ChannelHandler> handler : vertxHandler.pipeline()) {
      if (handler.getValue() instanceof WebSocketServerExtensionHandler || handler.getValue() instanceof WebSocketFrameEncoder) {
        return vertxHandler.pipeline().context(handler.getValue());
      }
    }
    return vertxHandler;
  }

  @Override
  protected void write(StoredEvent event) {
    if (channel != null) {
      channel.writeAndFlush(frames.frameOf(event), noPromise);
    } else {
      socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, event.utf8(), true));
    }
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
