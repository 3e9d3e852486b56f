package io.hitl.gateway.review;

import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.http.JsonFields;
import io.hitl.gateway.stream.WebSocketMessageHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The producer API, {@code /api/v1/human-input-requests}: runtimes open requests, reviewers and
 * scripts answer them. Also answers in-band WebSocket messages of type
 * {@code human_input_response}.
 */
public final class HumanInputRequestApi implements WebSocketMessageHandler {

  static final String BASE = "/api/v1/human-input-requests";
  private static final int MAX_TEXT = 1024 * 1024;
  private static final int DEFAULT_LIST_LIMIT = 100;
  private static final int MAX_LIST_LIMIT = 1000;

  private final HumanInputRequests requests;

  public HumanInputRequestApi(HumanInputRequests requests) {
    this.requests = requests;
  }

  /** Adds the routes. */
  public void mount(Router router) {
    router.post(BASE).handler(this::create);
    router.get(BASE).handler(this::list);
    router.get(BASE + "/:request_id").handler(this::get);
    router.post(BASE + "/:request_id/response").handler(this::respond);
  }

  private void create(RoutingContext ctx) {
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    HumanInputRequests.NewRequest request = new HumanInputRequests.NewRequest(
        body.requiredText("execution_id", JsonFields.MAX_ID_LENGTH),
        body.optionalText("crew_id", JsonFields.MAX_ID_LENGTH),
        body.requiredText("task_id", JsonFields.MAX_ID_LENGTH),
        body.optionalText("agent_id", JsonFields.MAX_ID_LENGTH),
        body.requiredText("prompt", MAX_TEXT),
        body.optionalText("context", MAX_TEXT),
        body.optionalObject("reason_flags"));
    requests.create(request)
        .onFailure(ctx::fail)
        .onSuccess(created -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .putHeader("Location", BASE + "/" + created.requestId())
            .end(created.toJson().encode()));
  }

  private void respond(RoutingContext ctx) {
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    String feedback = body.requiredString("human_feedback", MAX_TEXT);
    Boolean isApprove = body.optionalBoolean("is_approve");
    requests.respond(ctx.pathParam("request_id"), feedback, isApprove)
        .onFailure(ctx::fail)
        .onSuccess(done -> json(ctx, done.toJson()));
  }

  private void get(RoutingContext ctx) {
    requests.get(ctx.pathParam("request_id")).onFailure(ctx::fail).onSuccess(r -> json(ctx, r.toJson()));
  }

  private void list(RoutingContext ctx) {
    int limit = limit(ctx.request().getParam("limit"));
    requests.list(blankToNull(ctx.request().getParam("execution_id")), blankToNull(ctx.request().getParam("status")), limit)
        .onFailure(ctx::fail)
        .onSuccess(list -> {
          JsonArray array = new JsonArray();
          list.forEach(r -> array.add(r.toJson()));
          json(ctx, new JsonObject().put("requests", array));
        });
  }

  /** In-band answer on a WebSocket: {@code {"type":"human_input_response","request_id":…,"human_feedback":…}}. */
  @Override
  public Future<JsonObject> handle(JsonObject message) {
    if (!"human_input_response".equals(message.getValue("type"))) {
      return Future.failedFuture(ApiException.badRequest("unknown_message_type",
          "the only message a client may send is {\"type\":\"human_input_response\", …}"));
    }
    try {
      JsonFields fields = JsonFields.of(message);
      String requestId = fields.requiredText("request_id", JsonFields.MAX_ID_LENGTH);
      String feedback = fields.requiredString("human_feedback", MAX_TEXT);
      Boolean isApprove = fields.optionalBoolean("is_approve");
      return requests.respond(requestId, feedback, isApprove)
          .map(done -> new JsonObject()
              .put("type", "human_input_response_accepted")
              .put("request_id", done.requestId())
              .put("request", done.toJson()));
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
  }

  private static int limit(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_LIST_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.trim());
      if (limit < 1 || limit > MAX_LIST_LIMIT) {
        throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + MAX_LIST_LIMIT);
      }
      return limit;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_limit", "limit must be a whole number");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }
}
