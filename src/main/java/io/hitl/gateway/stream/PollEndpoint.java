package io.hitl.gateway.stream;

import io.hitl.gateway.event.EventReader;
import io.hitl.gateway.event.Position;
import io.hitl.gateway.event.StoredEvent;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.metrics.Transport;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /poll/human-input/{execution_id}?last_event_id=&timeout=}: the events after the
 * cursor as {@code {"events":[…]}}. Without {@code timeout} it answers at once; with it, and
 * nothing newer, it holds the request until an event arrives or the timeout passes.
 */
public final class PollEndpoint {

  /** The most events one answer carries; the client polls again from the last one for more. */
  static final int MAX_EVENTS = 500;

  private final Vertx vertx;
  private final EventReader log;
  private final SubscriberRegistry registry;
  private final GatewayMetrics metrics;
  private final int maxTimeoutSeconds;

  public PollEndpoint(Vertx vertx, EventReader log, SubscriberRegistry registry, GatewayMetrics metrics, int maxTimeoutSeconds) {
    this.vertx = vertx;
    this.log = log;
    this.registry = registry;
    this.metrics = metrics;
    this.maxTimeoutSeconds = maxTimeoutSeconds;
  }

  /** Adds the polling routes. */
  public void mount(Router router) {
    router.get("/poll/human-input/:execution_id").handler(this::poll);
    router.get("/poll/human-input").handler(this::poll);
  }

  private void poll(RoutingContext ctx) {
    String executionId = ctx.pathParam("execution_id");
    int timeoutSeconds = timeoutSeconds(ctx);
    StreamCursor.resolve(log, ctx.request(), executionId, Position.START)
        .onFailure(ctx::fail)
        .onSuccess(after -> {
          if (timeoutSeconds == 0) {
            log.readAfter(after, executionId, MAX_EVENTS)
                .onFailure(ctx::fail)
                .onSuccess(events -> {
                  metrics.deliveredFromHistory(Transport.POLL, events.size());
                  answer(ctx, events);
                });
          } else {
            wait(ctx, executionId, after, timeoutSeconds);
          }
        });
  }

  private void wait(RoutingContext ctx, String executionId, Position after, int timeoutSeconds) {
    PendingPoll pending = new PendingPoll(ctx);
    pending.waiter = new PollWaiter(vertx.getOrCreateContext(), executionId, after, MAX_EVENTS, pending::answer);
    metrics.connectionOpened(Transport.POLL);
    // Registered before the log is read, so an event committed in between is not missed.
    registry.add(pending.waiter);
    pending.timer = vertx.setTimer(timeoutSeconds * 1000L, id -> pending.answer(List.of()));
    ctx.response().closeHandler(v -> pending.finish());
    log.readAfter(after, executionId, MAX_EVENTS).onComplete(ar -> {
      if (ar.failed()) {
        pending.finish();
        ctx.fail(ar.cause());
      } else if (!ar.result().isEmpty()) {
        metrics.deliveredFromHistory(Transport.POLL, ar.result().size());
        pending.answer(ar.result());
      } else {
        metrics.deliveredFromHistory(Transport.POLL, pending.waiter.goLive());
      }
    });
  }

  /** One held poll request: answered once, by the first of events, timeout or the client leaving. */
  private final class PendingPoll {
    private final RoutingContext ctx;
    private PollWaiter waiter;
    private long timer;
    private boolean finished;

    PendingPoll(RoutingContext ctx) {
      this.ctx = ctx;
    }

    void answer(List<StoredEvent> events) {
      if (!finished) {
        finish();
        PollEndpoint.answer(ctx, events);
      }
    }

    void finish() {
      if (!finished) {
        finished = true;
        vertx.cancelTimer(timer);
        registry.remove(waiter);
        metrics.connectionClosed(Transport.POLL);
      }
    }
  }

  private int timeoutSeconds(RoutingContext ctx) {
    String raw = ctx.request().getParam("timeout");
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      int seconds = Integer.parseInt(raw.trim());
      if (seconds < 0) {
        throw ApiException.badRequest("invalid_timeout", "timeout must be a whole number of seconds, 0 or more");
      }
      return Math.min(seconds, maxTimeoutSeconds);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_timeout", "timeout must be a whole number of seconds, 0 or more");
    }
  }

  private static void answer(RoutingContext ctx, List<StoredEvent> events) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    StringBuilder body = new StringBuilder(64 + events.size() * 256).append("{\"events\":[");
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(events.get(i).json());
    }
    body.append(']');
    if (!events.isEmpty()) {
      body.append(",\"last_event_id\":\"").append(events.get(events.size() - 1).eventId()).append('"');
    }
    body.append('}');
    ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
  }
}
