package io.hitl.gateway.http;

import io.hitl.gateway.event.EventDispatcher;
import io.hitl.gateway.store.DatabaseHealth;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Health without authentication: {@code /health} (the seed's shape, 503 when the database or the
 * event dispatcher is down), {@code /health/ready} (also 503 while draining for shutdown) and
 * {@code /health/live} (the process answers).
 */
public final class HealthEndpoint {

  private final DatabaseHealth database;
  private final EventDispatcher dispatcher;
  private final BooleanSupplier draining;

  public HealthEndpoint(DatabaseHealth database, EventDispatcher dispatcher, BooleanSupplier draining) {
    this.database = database;
    this.dispatcher = dispatcher;
    this.draining = draining;
  }

  /** Adds the routes; mount before authentication. */
  public void mount(Router router) {
    router.get("/health").handler(this::health);
    router.get("/health/ready").handler(this::ready);
    router.get("/health/live").handler(this::live);
  }

  private void health(RoutingContext ctx) {
    boolean ok = database.up() && dispatcher.listening();
    send(ctx, ok, ok ? "healthy" : "unhealthy");
  }

  private void ready(RoutingContext ctx) {
    boolean ok = database.up() && dispatcher.listening() && !draining.getAsBoolean();
    send(ctx, ok, ok ? "ready" : "not_ready");
  }

  private void live(RoutingContext ctx) {
    send(ctx, true, "alive");
  }

  private void send(RoutingContext ctx, boolean ok, String status) {
    JsonObject body = new JsonObject()
        .put("status", status)
        .put("timestamp", Instant.now().toString())
        .put("checks", new JsonObject()
            .put("database", database.up() ? "up" : "down")
            .put("event_dispatcher", dispatcher.listening() ? "listening" : "reconnecting")
            .put("draining", draining.getAsBoolean()));
    ctx.response().setStatusCode(ok ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
