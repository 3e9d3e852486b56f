package io.hitl.gateway.stream;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.WebSocketImplBase;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.ext.web.impl.ServerWebSocketWrapper;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a server WebSocket the direct write path that Vert.x gives HTTP/1.x connections in strict
 * thread mode.
 *
 * <p>Why: Vert.x 5 (up to 5.2 at least) gives every WebSocket connection a cross-thread outbound
 * queue, a jctools queue whose first chunk alone is 4 KiB, even when the server runs in strict
 * thread mode. The gateway writes to a WebSocket only on its connection's event loop, so that queue
 * is never needed, yet it is over a third of an idle WebSocket's memory. Vert.x has the direct path
 * but no option selecting it for WebSockets, so it is selected here, once per connection, right
 * after the handshake while nothing has been written yet.
 *
 * <p>If a Vert.x version moves these internals, sockets keep their queue (they work, only heavier),
 * a warning is logged once, and {@code DirectWebSocketWritesTest} fails so the upgrade notices.
 */
final class DirectWebSocketWrites {

  private static final Logger LOG = LoggerFactory.getLogger(DirectWebSocketWrites.class);
  private static final Field ROUTED_SOCKET;
  private static final Field CONNECTION;
  private static final Field QUEUE;
  private static final Constructor<?> DIRECT_QUEUE;

  static {
    Field routed = null;
    Field connection = null;
    Field queue = null;
    Constructor<?> direct = null;
    try {
      routed = ServerWebSocketWrapper.class.getDeclaredField("delegate");
      routed.setAccessible(true);
      connection = WebSocketImplBase.class.getDeclaredField("conn");
      connection.setAccessible(true);
      queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
      queue.setAccessible(true);
      direct = Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue")
          .getDeclaredConstructor(VertxConnection.class);
      direct.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("WebSockets keep Vert.x's cross-thread write queue (about 4.7 KB each): {}", e.toString());
      routed = null;
      connection = null;
      queue = null;
      direct = null;
    }
    ROUTED_SOCKET = routed;
    CONNECTION = connection;
    QUEUE = queue;
    DIRECT_QUEUE = direct;
  }

  private DirectWebSocketWrites() {
  }

  /**
   * Switches the socket's connection to direct writes; call on its event loop before writing.
   *
   * @return the socket's connection, now writing directly, or {@code null} when it keeps its queue
   */
  static VertxConnection enable(ServerWebSocket socket) {
    if (CONNECTION == null) {
      return null;
    }
    try {
      VertxConnection connection = connectionOf(socket);
      if (connection != null) {
        QUEUE.set(connection, DIRECT_QUEUE.newInstance(connection));
      }
      return connection;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("WebSocket keeps its write queue: {}", e.toString());
      return null;
    }
  }

  /** True when the socket's connection writes directly (for tests). */
  static boolean isDirect(ServerWebSocket socket) {
    try {
      VertxConnection connection = connectionOf(socket);
      return connection != null && QUEUE.get(connection).getClass() == DIRECT_QUEUE.getDeclaringClass();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** The socket's own connection; a socket from the router is Vert.x Web's wrapper around it. */
  private static VertxConnection connectionOf(ServerWebSocket socket) throws IllegalAccessException {
    ServerWebSocket own = socket instanceof ServerWebSocketWrapper ? (ServerWebSocket) ROUTED_SOCKET.get(socket) : socket;
    return own instanceof WebSocketImplBase<?> ? (VertxConnection) CONNECTION.get(own) : null;
  }
}
