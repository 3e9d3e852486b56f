package io.hitl.gateway.review;

import static io.hitl.gateway.http.JsonResponses.json;

import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.http.JsonFields;
import io.hitl.gateway.http.QueryParams;
import io.hitl.gateway.stream.WebSocketMessageHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The request API, {@code /api/v1/human-input-requests}: runtimes (crews and flows) open and
 * cancel requests; reviewers, scripts and callback URLs answer them. Also answers in-band
 * WebSocket messages of type {@code human_input_response}.
 *
 * <p>Who may do what: deployment keys and {@code manage_human_feedback} see and answer every
 * request; {@code respond_to_human_feedback} sees and answers only the requests assigned to its
 * email (others look unknown: 404).
 */
public final class HumanInputRequestApi implements WebSocketMessageHandler {

  static final String BASE = "/api/v1/human-input-requests";
  private static final int MAX_TEXT = 1024 * 1024;
  private static final int MAX_EMIT_OPTIONS = 50;
  private static final int MAX_OPTION_LENGTH = 200;
  private static final int MAX_IDEMPOTENCY_KEY = 200;
  private static final int DEFAULT_LIST_LIMIT = 100;
  private static final int MAX_LIST_LIMIT = 1000;
  private static final Set<String> CALLER_SOURCES = Set.of(Answer.DASHBOARD, Answer.API);
  /** Who answered through a callback URL: nobody known, only the URL's signature. */
  private static final String CALLBACK_RESPONDER = "callback";

  private final HumanInputRequests requests;
  private final CallbackUrls callbacks;

  public HumanInputRequestApi(HumanInputRequests requests, CallbackUrls callbacks) {
    this.requests = requests;
    this.callbacks = callbacks;
  }

  /** Adds the callback route, which a signed URL authorises; mount before authentication. */
  public void mountCallback(Router router) {
    router.post(CallbackUrls.PREFIX + "/:request_id/:signature").handler(this::callback);
  }

  /** Adds the authenticated routes. */
  public void mount(Router router) {
    router.post(BASE).handler(this::create);
    router.get(BASE).handler(this::list);
    router.get(BASE + "/:request_id").handler(this::get);
    router.post(BASE + "/:request_id/response").handler(this::respond);
    router.post(BASE + "/:request_id/cancel").handler(this::cancel);
    router.put(BASE + "/:request_id/assignment").handler(this::reassign);
  }

  private void create(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    if (!principal.service()) {
      principal.require(Permission.MANAGE_HUMAN_FEEDBACK);
    }
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    JsonArray emit = body.optionalStringList("emit", MAX_EMIT_OPTIONS, MAX_OPTION_LENGTH);
    String defaultOutcome = body.optionalText("default_outcome", MAX_OPTION_LENGTH);
    if (defaultOutcome != null && !Outcomes.isOption(emit, defaultOutcome)) {
      throw ApiException.invalid("default_outcome must be one of emit");
    }
    HumanInputRequests.NewRequest request = new HumanInputRequests.NewRequest(
        either(body, "execution_id", "flow_id", JsonFields.MAX_ID_LENGTH, true),
        body.optionalText("crew_id", JsonFields.MAX_ID_LENGTH),
        either(body, "task_id", "method_name", JsonFields.MAX_ID_LENGTH, true),
        body.optionalText("agent_id", JsonFields.MAX_ID_LENGTH),
        either(body, "prompt", "message", MAX_TEXT, true),
        either(body, "context", "output", MAX_TEXT, false),
        body.optionalObject("reason_flags"),
        emit,
        defaultOutcome,
        body.optionalObject("state"),
        body.optionalObject("metadata"));
    requests.create(request)
        .onFailure(ctx::fail)
        .onSuccess(created -> {
          ctx.response().putHeader("Location", BASE + "/" + created.requestId());
          json(ctx, 201, view(created));
        });
  }

  /** A field under its crew name or its flow name (not both); required fields must be non-blank. */
  private static String either(JsonFields body, String crewName, String flowName, int maxLength, boolean required) {
    String crew = body.optionalText(crewName, maxLength);
    String flow = body.optionalText(flowName, maxLength);
    if (crew != null && flow != null && !crew.equals(flow)) {
      throw ApiException.invalid("'" + crewName + "' and '" + flowName + "' name the same thing; send one of them");
    }
    String value = crew != null ? crew : flow;
    if (required && (value == null || value.isBlank())) {
      throw ApiException.invalid("missing field '" + crewName + "' (or '" + flowName + "')");
    }
    return value;
  }

  private void respond(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    requireReviewer(principal);
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    String requestId = ctx.pathParam("request_id");
    Answer answer = answer(body, principal.responderName(), idempotencyKey(ctx));
    visible(requestId, principal)
        .compose(r -> requests.respond(requestId, answer))
        .onFailure(ctx::fail)
        .onSuccess(done -> json(ctx, view(done)));
  }

  /**
   * Reads an answer in the core's shape {@code {human_feedback, is_approve?}} or the seed's
   * callback shape {@code {feedback, source?}}. A caller may say it answers from the
   * {@code dashboard}; any other {@code source} is kept as its label and recorded as {@code api}.
   */
  private static Answer answer(JsonFields body, String responder, String idempotencyKey) {
    String feedback = body.optionalText("human_feedback", MAX_TEXT);
    String seedFeedback = body.optionalText("feedback", MAX_TEXT);
    if (feedback != null && seedFeedback != null) {
      throw ApiException.invalid("send either 'human_feedback' or 'feedback', not both");
    }
    if (feedback == null && seedFeedback == null) {
      throw ApiException.invalid("missing field 'human_feedback' (or 'feedback')");
    }
    String label = body.optionalText("source", MAX_OPTION_LENGTH);
    String source = label != null && CALLER_SOURCES.contains(label) ? label : Answer.API;
    return new Answer(feedback != null ? feedback : seedFeedback, body.optionalBoolean("is_approve"), source,
        responder, label, idempotencyKey);
  }

  private static String idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      return null;
    }
    if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY) {
      throw ApiException.badRequest("invalid_idempotency_key",
          "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
    }
    return key;
  }

  private void callback(RoutingContext ctx) {
    String requestId = ctx.pathParam("request_id");
    if (!callbacks.verify(requestId, ctx.pathParam("signature"))) {
      ctx.fail(new ApiException(401, "invalid_signature", "this callback URL is not valid"));
      return;
    }
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    requests.respond(requestId, answer(body, CALLBACK_RESPONDER, idempotencyKey(ctx)))
        .onFailure(ctx::fail)
        .onSuccess(done -> json(ctx, view(done)));
  }

  private void cancel(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    if (!principal.service()) {
      principal.require(Permission.MANAGE_HUMAN_FEEDBACK);
    }
    requests.cancel(ctx.pathParam("request_id"), principal.responderName())
        .onFailure(ctx::fail)
        .onSuccess(done -> json(ctx, view(done)));
  }

  private void reassign(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    principal.require(Permission.MANAGE_HUMAN_FEEDBACK);
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    String email = body.optionalText("assigned_to_email", JsonFields.MAX_ID_LENGTH);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw ApiException.invalid("assigned_to_email must be an email address (or null for nobody)");
    }
    requests.reassign(ctx.pathParam("request_id"), email, principal.responderName())
        .onFailure(ctx::fail)
        .onSuccess(done -> json(ctx, view(done)));
  }

  private void get(RoutingContext ctx) {
    visible(ctx.pathParam("request_id"), Principal.of(ctx)).onFailure(ctx::fail).onSuccess(r -> json(ctx, view(r)));
  }

  /**
   * The request, if the principal may see it; 404 otherwise, so that others' requests stay
   * unknown. 403 for a principal who may see no request at all.
   */
  private Future<HumanInputRequest> visible(String requestId, Principal principal) {
    requireReviewer(principal);
    return requests.get(requestId).compose(r -> principal.mayRespondTo(r.assignedToEmail())
        ? Future.succeededFuture(r)
        : Future.failedFuture(ApiException.notFound("no human-input request " + requestId)));
  }

  private void list(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    int limit = QueryParams.limit(ctx, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    String assignee = QueryParams.text(ctx, "assigned_to_email");
    requireReviewer(principal);
    if (!principal.manages()) {
      if (assignee != null && !assignee.equalsIgnoreCase(principal.email())) {
        throw new ApiException(403, "forbidden", "you may only list the requests assigned to you");
      }
      assignee = principal.email();
    }
    String execution = QueryParams.text(ctx, "execution_id");
    if (execution == null) {
      execution = QueryParams.text(ctx, "flow_id");
    }
    requests.list(execution, QueryParams.text(ctx, "status"), assignee, limit)
        .onFailure(ctx::fail)
        .onSuccess(list -> {
          JsonArray array = new JsonArray();
          list.forEach(r -> array.add(view(r)));
          json(ctx, new JsonObject().put("requests", array));
        });
  }

  /** In-band answer on a WebSocket: {@code {"type":"human_input_response","request_id":…,"human_feedback":…}}. */
  @Override
  public Future<JsonObject> handle(Principal principal, JsonObject message) {
    if (!"human_input_response".equals(message.getValue("type"))) {
      return Future.failedFuture(ApiException.badRequest("unknown_message_type",
          "the only message a client may send is {\"type\":\"human_input_response\", …}"));
    }
    try {
      JsonFields fields = JsonFields.of(message);
      String requestId = fields.requiredText("request_id", JsonFields.MAX_ID_LENGTH);
      Answer answer = answer(fields, principal.responderName(), fields.optionalText("idempotency_key", MAX_IDEMPOTENCY_KEY));
      return visible(requestId, principal)
          .compose(r -> requests.respond(requestId, answer))
          .map(done -> new JsonObject()
              .put("type", "human_input_response_accepted")
              .put("request_id", done.requestId())
              .put("request", view(done)));
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
  }

  private static void requireReviewer(Principal principal) {
    if (!principal.manages()) {
      principal.require(Permission.RESPOND_TO_HUMAN_FEEDBACK);
    }
  }

  private JsonObject view(HumanInputRequest r) {
    return r.toJson().put("callback_url", r.isPending() ? callbacks.urlFor(r.requestId()) : null);
  }
}
