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
    String audience = StreamAudience.of(ctx);
    int timeoutSeconds = timeoutSeconds(ctx);
    StreamCursor.resolve(log, ctx.request(), executionId, Position.START)
        .onFailure(ctx::fail)
        .onSuccess(after -> {
          if (timeoutSeconds == 0) {
            log.readAfter(after, executionId, MAX_EVENTS)
                .onFailure(ctx::fail)
                .onSuccess(events -> answerFromHistory(ctx, events, audience));
          } else {
            wait(ctx, executionId, after, timeoutSeconds, audience);
          }
        });
  }

  private void wait(RoutingContext ctx, String executionId, Position after, int timeoutSeconds, String audience) {
    PendingPoll pending = new PendingPoll(ctx);
    pending.waiter = new PollWaiter(vertx.getOrCreateContext(), executionId, after, MAX_EVENTS, pending::answer);
    pending.waiter.restrictTo(audience);
    metrics.connectionOpened(Transport.POLL);
    // Registered before the log is read, so an event committed in between is not missed.
    registry.add(pending.waiter);
    pending.timer = vertx.setTimer(timeoutSeconds * 1000L, id -> pending.answer(List.of()));
    ctx.response().closeHandler(v -> pending.finish());
    log.readAfter(after, executionId, MAX_EVENTS).onComplete(ar -> {
      if (ar.failed()) {
        pending.finish();
        ctx.fail(ar.cause());
      } else if (!visible(ar.result(), audience).isEmpty() || ar.result().size() >= MAX_EVENTS) {
        pending.finish();
        answerFromHistory(ctx, ar.result(), audience);
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

  /**
   * Answers with the events of a history page the client may see; the cursor still moves past
   * the whole page, so a reviewer is not handed the same invisible page again.
   */
  private void answerFromHistory(RoutingContext ctx, List<StoredEvent> page, String audience) {
    List<StoredEvent> events = visible(page, audience);
    metrics.deliveredFromHistory(Transport.POLL, events.size());
    answer(ctx, events, page.isEmpty() ? null : page.get(page.size() - 1).eventId());
  }

  private static List<StoredEvent> visible(List<StoredEvent> page, String audience) {
    return audience == null ? page : page.stream().filter(e -> e.concerns(audience)).toList();
  }

  private static void answer(RoutingContext ctx, List<StoredEvent> events) {
    answer(ctx, events, events.isEmpty() ? null : events.get(events.size() - 1).eventId());
  }

  private static void answer(RoutingContext ctx, List<StoredEvent> events, String lastEventId) {
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
    if (lastEventId != null) {
      body.append(",\"last_event_id\":\"").append(lastEventId).append('"');
    }
    body.append('}');
    ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
  }
}
