package io.hitl.gateway.http;

import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /metrics}: every metric in the Prometheus text format (authenticated like the rest). */
public final class MetricsEndpoint {

  private final GatewayMetrics metrics;

  public MetricsEndpoint(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  /** Adds the route. */
  public void mount(Router router) {
    router.get("/metrics").handler(Principal.requiring(Permission.MANAGE_HUMAN_FEEDBACK)).handler(this::scrape);
  }

  private void scrape(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
  }
}
