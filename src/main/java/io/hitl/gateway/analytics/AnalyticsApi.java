package io.hitl.gateway.analytics;

import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.http.TimeRange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.function.Function;

/**
 * The analytics API, {@code /api/v1/analytics}: response times, volume, decisions and SLA
 * compliance over {@code from} … {@code to} (default: the last 30 days). Every route needs
 * {@code manage_human_feedback}; every answer carries the range it covers as {@code from} and
 * {@code to}.
 */
public final class AnalyticsApi {

  static final String BASE = "/api/v1/analytics";
  private static final Duration DEFAULT_RANGE = Duration.ofDays(30);
  /** Longest range the per-day volume answers, in days. */
  private static final long MAX_VOLUME_DAYS = 1000;

  private final Analytics analytics;

  public AnalyticsApi(Analytics analytics) {
    this.analytics = analytics;
  }

  /** Adds the routes; mount behind authentication. */
  public void mount(Router router) {
    router.get(BASE).handler(this::dashboard);
    router.get(BASE + "/response-times").handler(this::responseTimes);
    router.get(BASE + "/volume").handler(this::volume);
    router.get(BASE + "/decisions").handler(this::decisions);
    router.get(BASE + "/sla").handler(this::sla);
  }

  private void dashboard(RoutingContext ctx) {
    answer(ctx, range -> analytics.dashboard(dailyRange(range), groupBy(ctx)));
  }

  private void responseTimes(RoutingContext ctx) {
    answer(ctx, range -> analytics.responseTimes(range, groupBy(ctx)));
  }

  private void volume(RoutingContext ctx) {
    answer(ctx, range -> analytics.volume(dailyRange(range)));
  }

  private void decisions(RoutingContext ctx) {
    answer(ctx, analytics::decisions);
  }

  private void sla(RoutingContext ctx) {
    answer(ctx, analytics::sla);
  }

  /** Checks the permission, then the range, then answers {@code {from, to, …figures}}. */
  private static void answer(RoutingContext ctx, Function<TimeRange, Future<JsonObject>> figures) {
    Principal.of(ctx).require(Permission.MANAGE_HUMAN_FEEDBACK);
    TimeRange range = TimeRange.of(ctx, DEFAULT_RANGE);
    figures.apply(range).onFailure(ctx::fail).onSuccess(body -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("from", iso(range.from())).put("to", iso(range.to())).mergeIn(body).encode()));
  }

  private static TimeRange dailyRange(TimeRange range) {
    if (Duration.between(range.from(), range.to()).toDays() > MAX_VOLUME_DAYS) {
      throw ApiException.badRequest("range_too_long", "a per-day volume covers at most " + MAX_VOLUME_DAYS + " days");
    }
    return range;
  }

  private static Analytics.GroupBy groupBy(RoutingContext ctx) {
    String raw = ctx.request().getParam("group_by");
    Analytics.GroupBy groupBy = raw == null || raw.isBlank() ? Analytics.GroupBy.REVIEWER : Analytics.GroupBy.of(raw.trim());
    if (groupBy == null) {
      throw ApiException.badRequest("invalid_group_by", "group_by must be 'reviewer' or 'flow'");
    }
    return groupBy;
  }

  private static String iso(OffsetDateTime time) {
    return time.toInstant().toString();
  }
}
