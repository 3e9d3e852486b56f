package io.hitl.gateway.email;

import static io.hitl.gateway.http.JsonResponses.json;

import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.http.QueryParams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The email API, {@code /api/v1/email}: inbound replies forwarded by a mail provider as raw
 * RFC 822 messages (deployment keys only), and the troubleshooting views of notifications (sent,
 * or why not) and replies (accepted, or why not), for {@code manage_human_feedback}.
 */
public final class EmailApi {

  static final String BASE = "/api/v1/email";
  private static final int DEFAULT_LIST_LIMIT = 100;
  private static final int MAX_LIST_LIMIT = 1000;
  private static final Set<String> NOTIFICATION_STATES = Set.of(Notification.PENDING, Notification.SENT,
      Notification.FAILED, Notification.SKIPPED);
  private static final Set<String> REPLY_STATES = Set.of(Reply.ACCEPTED, Reply.REJECTED, Reply.IGNORED,
      Reply.PROCESSING);

  private final Pool pool;
  private final ReplyProcessor replies;
  private final JsonObject sending;

  /** @param offReason why this deployment sends no notification at all, or null when it does */
  EmailApi(Pool pool, ReplyProcessor replies, String offReason) {
    this.pool = pool;
    this.replies = replies;
    this.sending = new JsonObject().put("on", offReason == null).put("reason", offReason);
  }

  /** Adds the routes; they sit behind authentication and the body handler. */
  public void mount(Router router) {
    router.post(BASE + "/inbound").handler(this::inbound);
    router.get(BASE + "/notifications").handler(this::notifications);
    router.get(BASE + "/replies").handler(this::replies);
  }

  private void inbound(RoutingContext ctx) {
    Principal.of(ctx).requireService();
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("message/rfc822")) {
      throw new ApiException(415, "unsupported_media_type", "send the raw email with Content-Type: message/rfc822");
    }
    if (ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw ApiException.badRequest("malformed_message", "the request body must be a raw RFC 822 message");
    }
    replies.process(ctx.body().buffer().getBytes(), "http").onFailure(ctx::fail)
        .onSuccess(reply -> json(ctx, new JsonObject().put("reply", reply.toJson())));
  }

  private void notifications(RoutingContext ctx) {
    Principal.of(ctx).require(Permission.MANAGE_HUMAN_FEEDBACK);
    list(ctx, EmailQueries.LIST_NOTIFICATIONS, NOTIFICATION_STATES, "notifications", row -> Notification.from(row).toJson(),
        new JsonObject().put("email_notifications", sending));
  }

  private void replies(RoutingContext ctx) {
    Principal.of(ctx).require(Permission.MANAGE_HUMAN_FEEDBACK);
    list(ctx, EmailQueries.LIST_REPLIES, REPLY_STATES, "replies", row -> Reply.from(row).toJson(), new JsonObject());
  }

  private void list(RoutingContext ctx, String sql, Set<String> states, String field, Function<Row, JsonObject> view,
      JsonObject extra) {
    UUID requestId = requestId(ctx.request().getParam("request_id"));
    String status = QueryParams.text(ctx, "status");
    if (status != null && !states.contains(status)) {
      throw ApiException.badRequest("invalid_status", "status must be one of " + String.join(", ", states.stream().sorted().toList()));
    }
    int limit = QueryParams.limit(ctx, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    pool.preparedQuery(sql).execute(Tuple.of(requestId, status, limit)).onFailure(ctx::fail)
        .onSuccess((RowSet<Row> rows) -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(view.apply(row)));
          json(ctx, new JsonObject().put(field, items).mergeIn(extra));
        });
  }

  private static UUID requestId(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(raw.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_request_id", "request_id must be a UUID");
    }
  }
}
