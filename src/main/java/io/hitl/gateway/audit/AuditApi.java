package io.hitl.gateway.audit;

import static io.hitl.gateway.http.JsonResponses.json;

import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.http.QueryParams;
import io.hitl.gateway.http.TimeRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The audit API, {@code /api/v1/audit}: read the trail page by page, export it (CSV, JSON Lines)
 * and verify its hash chain. Every route needs {@code manage_human_feedback}.
 */
public final class AuditApi {

  static final String BASE = "/api/v1/audit";
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final AuditLog log;
  private final AuditExport export;
  private final ChainVerification verification;

  public AuditApi(AuditLog log) {
    this.log = log;
    this.export = new AuditExport(log);
    this.verification = new ChainVerification(log);
  }

  /** Adds the routes; mount behind authentication. */
  public void mount(Router router) {
    router.get(BASE).handler(this::list);
    router.get(BASE + "/export").handler(this::export);
    router.get(BASE + "/verify").handler(this::verify);
  }

  private void list(RoutingContext ctx) {
    Principal.of(ctx).require(Permission.MANAGE_HUMAN_FEEDBACK);
    AuditLog.Filter filter = filter(ctx);
    int limit = QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    long afterSeq = QueryParams.number(ctx, "after_seq", 0, 0, Long.MAX_VALUE);
    // Reads see every entry whose change has committed (and every older transaction has ended):
    // what is not yet linked is chained first.
    log.chainPending().compose(v -> log.page(filter, afterSeq, limit)).onFailure(ctx::fail).onSuccess(page -> {
      JsonArray entries = new JsonArray();
      page.forEach(e -> entries.add(e.toJson()));
      Long next = page.size() == limit ? page.get(page.size() - 1).seq() : null;
      json(ctx, new JsonObject().put("entries", entries).put("next_after_seq", next));
    });
  }

  private void export(RoutingContext ctx) {
    Principal.of(ctx).require(Permission.MANAGE_HUMAN_FEEDBACK);
    AuditExport.Format format = AuditExport.Format.of(ctx.request().getParam("format"));
    AuditLog.Filter filter = filter(ctx);
    log.chainPending().compose(v -> export.write(ctx.response(), format, filter)).onFailure(ctx::fail);
  }

  private void verify(RoutingContext ctx) {
    Principal.of(ctx).require(Permission.MANAGE_HUMAN_FEEDBACK);
    log.chainPending().compose(v -> verification.verify()).onFailure(ctx::fail).onSuccess(result -> json(ctx, result.toJson()));
  }

  private static AuditLog.Filter filter(RoutingContext ctx) {
    TimeRange range = TimeRange.of(ctx);
    String requestId = QueryParams.text(ctx, "request_id");
    if (requestId != null) {
      try {
        requestId = UUID.fromString(requestId).toString();
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid_request_id", "request_id must be a UUID");
      }
    }
    return new AuditLog.Filter(range.from(), range.to(), requestId, QueryParams.text(ctx, "action"));
  }
}
