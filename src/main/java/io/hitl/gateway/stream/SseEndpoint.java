package io.hitl.gateway.stream;

import io.hitl.gateway.event.EventReader;
import io.hitl.gateway.event.Position;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.metrics.Transport;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events/human-input/{execution_id}} (and {@code /events/human-input} for every
 * execution) as Server-Sent Events, with heartbeats and resume from {@code Last-Event-ID}.
 */
public final class SseEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(SseEndpoint.class);
  private static final Buffer PREAMBLE = Buffer.buffer("retry: 2000\n\n");

  private final EventReader log;
  private final SubscriberRegistry registry;
  private final GatewayMetrics metrics;
  private final int holdLimit;
  private final int backlogBytes;

  public SseEndpoint(EventReader log, SubscriberRegistry registry, GatewayMetrics metrics, int holdLimit, int backlogBytes) {
    this.log = log;
    this.registry = registry;
    this.metrics = metrics;
    this.holdLimit = holdLimit;
    this.backlogBytes = backlogBytes;
  }

  /** Adds the SSE routes. */
  public void mount(Router router) {
    router.get("/events/human-input/:execution_id").handler(this::stream);
    router.get("/events/human-input").handler(this::stream);
  }

  private void stream(RoutingContext ctx) {
    String executionId = ctx.pathParam("execution_id");
    String audience = StreamAudience.of(ctx);
    HttpServerRequest request = ctx.request();
    StreamCursor.resolve(log, request, executionId, StreamCursor.defaultStart(executionId))
        .onFailure(ctx::fail)
        .onSuccess(from -> open(request, executionId, from, audience));
  }

  private void open(HttpServerRequest request, String executionId, Position from, String audience) {
    HttpServerResponse response = request.response();
    if (response.closed()) {
      return;
    }
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    metrics.connectionOpened(Transport.SSE);
    SseSubscription subscription = new SseSubscription(request, executionId,
        from == null ? Position.START : from, holdLimit, backlogBytes, metrics);
    subscription.restrictTo(audience);
    boolean[] released = new boolean[1];
    Handler<Void> release = v -> {
      if (!released[0]) {
        released[0] = true;
        metrics.connectionClosed(Transport.SSE);
        registry.remove(subscription);
        subscription.closed();
      }
    };
    // A response the gateway ends itself (slow consumer, failed replay) never sees its close
    // handler: Vert.x calls it only while the response still uses the connection.
    response.closeHandler(release);
    response.endHandler(release);
    response.write(PREAMBLE);
    HistoryReplay.open(registry, log, subscription, from != null).onFailure(e -> {
      LOG.warn("could not replay history to an SSE client: {}", e.getMessage());
      registry.remove(subscription);
      response.end();
    });
  }
}
