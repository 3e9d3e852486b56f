package io.hitl.gateway.stream;

import io.hitl.gateway.auth.OriginPolicy;
import io.hitl.gateway.event.EventReader;
import io.hitl.gateway.event.Position;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.metrics.Transport;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ws/human-input/{execution_id}} (and {@code /ws/human-input} for every execution):
 * events as JSON text frames, ping keep-alives, resume with {@code last_event_id}, and in-band
 * answers from the client. Authentication ({@code ?token=}) and origin are checked before the
 * handshake completes, so a refused client gets a plain HTTP 401/403.
 */
public final class WebSocketEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);

  private final EventReader log;
  private final SubscriberRegistry registry;
  private final OriginPolicy origins;
  private final WebSocketMessageHandler messages;
  private final GatewayMetrics metrics;
  private final int holdLimit;
  private final int backlogBytes;
  private final SharedTextFrames frames = new SharedTextFrames();

  public WebSocketEndpoint(EventReader log, SubscriberRegistry registry, OriginPolicy origins,
      WebSocketMessageHandler messages, GatewayMetrics metrics, int holdLimit, int backlogBytes) {
    this.log = log;
    this.registry = registry;
    this.origins = origins;
    this.messages = messages;
    this.metrics = metrics;
    this.holdLimit = holdLimit;
    this.backlogBytes = backlogBytes;
  }

  /** Adds the WebSocket routes. */
  public void mount(Router router) {
    router.get("/ws/human-input/:execution_id").handler(this::upgrade);
    router.get("/ws/human-input").handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    if (!origins.allows(ctx.request())) {
      ctx.fail(new ApiException(403, "origin_not_allowed", "this origin may not open WebSockets; see HITL_ALLOWED_ORIGINS"));
      return;
    }
    String executionId = ctx.pathParam("execution_id");
    Principal principal = Principal.of(ctx);
    String audience = StreamAudience.of(ctx);
    ctx.request().pause();
    StreamCursor.resolve(log, ctx.request(), executionId, StreamCursor.defaultStart(executionId))
        .onFailure(ctx::fail)
        .onSuccess(from -> ctx.request().toWebSocket()
            .onSuccess(socket -> open(socket, principal, audience, executionId, from))
            .onFailure(e -> LOG.debug("WebSocket handshake failed: {}", e.getMessage())));
  }

  private void open(ServerWebSocket socket, Principal principal, String audience, String executionId, Position from) {
    VertxConnection connection = DirectWebSocketWrites.enable(socket);
    metrics.connectionOpened(Transport.WEBSOCKET);
    WebSocketSubscription subscription = new WebSocketSubscription(socket, connection, frames, executionId,
        from == null ? Position.START : from, holdLimit, backlogBytes, metrics);
    subscription.restrictTo(audience);
    socket.closeHandler(v -> {
      metrics.connectionClosed(Transport.WEBSOCKET);
      registry.remove(subscription);
      subscription.closed();
    });
    socket.exceptionHandler(e -> closeOnUndecodableMessage(socket, e));
    socket.textMessageHandler(text -> answer(socket, principal, text));
    HistoryReplay.open(registry, log, subscription, from != null).onFailure(e -> {
      LOG.warn("could not replay history to a WebSocket client: {}", e.getMessage());
      socket.close((short) 1011, "history unavailable, retry");
    });
  }

  /**
   * Vert.x drops the connection after a frame it cannot decode, and only reports a message whose
   * fragments together exceed HITL_MAX_WS_MESSAGE_BYTES (then treating the rest as a new
   * message). Either way, close with the reason, 1009 for too big, so the client does not see a
   * bare 1006 or have half a message processed.
   */
  private static void closeOnUndecodableMessage(ServerWebSocket socket, Throwable e) {
    LOG.debug("WebSocket error: {}", e.getMessage());
    if (socket.isClosed()) {
      return;
    }
    if (e instanceof CorruptedWebSocketFrameException corrupt) {
      socket.close((short) corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
    } else if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
      socket.close((short) 1009, "message too big");
    }
  }

  private void answer(ServerWebSocket socket, Principal principal, String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      reply(socket, errorReply(null, ApiException.badRequest("malformed_json", "message is not a JSON object")));
      return;
    }
    messages.handle(principal, message).onComplete(ar -> reply(socket, ar.succeeded()
        ? ar.result()
        : errorReply(message.getValue("request_id"), ar.cause())));
  }

  private static JsonObject errorReply(Object requestId, Throwable failure) {
    JsonObject body = failure instanceof ApiException api
        ? api.toJson()
        : new JsonObject().put("error", "internal_error").put("message", "the message could not be processed");
    return new JsonObject().put("type", "error").put("request_id", requestId).mergeIn(body);
  }

  private static void reply(ServerWebSocket socket, JsonObject reply) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(reply.encode());
    }
  }
}
