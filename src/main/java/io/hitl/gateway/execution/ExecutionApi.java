package io.hitl.gateway.execution;

import static io.hitl.gateway.http.JsonResponses.json;

import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.http.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * The CrewAI AMP API: {@code GET /inputs}, {@code POST /kickoff}, {@code GET /status/{kickoff_id}},
 * {@code POST /resume} for the default crew, and the same under {@code /crews/{crew}/} for each
 * hosted crew.
 */
public final class ExecutionApi {

  private static final int MAX_TEXT = 1024 * 1024;
  private static final int MAX_URL = 2048;
  private static final List<String> URL_FIELDS =
      List.of(ExecutionWebhooks.TASK, ExecutionWebhooks.STEP, ExecutionWebhooks.CREW);

  private final Crews crews;
  private final Executions executions;

  public ExecutionApi(Crews crews, Executions executions) {
    this.crews = crews;
    this.executions = executions;
  }

  /** Adds the routes: deployment keys and managers only. */
  public void mount(Router router) {
    Handler<RoutingContext> managers = Principal.requiring(Permission.MANAGE_HUMAN_FEEDBACK);
    for (String prefix : List.of("", "/crews/:crew")) {
      router.get(prefix + "/inputs").handler(managers).handler(this::inputs);
      router.post(prefix + "/kickoff").handler(managers).handler(this::kickoff);
      router.get(prefix + "/status/:kickoff_id").handler(managers).handler(this::status);
      router.post(prefix + "/resume").handler(managers).handler(this::resume);
    }
    router.get("/crews").handler(managers).handler(this::listCrews);
  }

  private void listCrews(RoutingContext ctx) {
    json(ctx, new JsonObject().put("crews", new JsonArray(crews.names())).put("default", crews.defaultCrew().name()));
  }

  private void inputs(RoutingContext ctx) {
    json(ctx, new JsonObject().put("inputs", new JsonArray(List.copyOf(crew(ctx).requiredInputs()))));
  }

  private void kickoff(RoutingContext ctx) {
    CrewDefinition crew = crew(ctx);
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    JsonObject given = body.optionalObject("inputs");
    JsonObject inputs = given == null ? new JsonObject() : given;
    List<String> missing = crew.requiredInputs().stream().filter(name -> isMissing(inputs.getValue(name))).toList();
    if (!missing.isEmpty()) {
      throw new ApiException(422, "missing_inputs", "Missing required inputs: " + String.join(", ", missing),
          new JsonObject().put("details", new JsonObject().put("missing_inputs", new JsonArray(missing))));
    }
    JsonObject meta = body.optionalObject("meta");
    JsonObject webhooks = webhooks(body);
    JsonObject humanInput = humanInputWebhook(body.optionalObject(ExecutionWebhooks.HUMAN_INPUT));
    if (humanInput != null) {
      webhooks.put(ExecutionWebhooks.HUMAN_INPUT, humanInput);
    }
    executions.kickoff(crew, inputs, meta, webhooks)
        .onFailure(ctx::fail)
        .onSuccess(id -> json(ctx, new JsonObject().put("kickoff_id", id)));
  }

  private void status(RoutingContext ctx) {
    String id = ctx.pathParam("kickoff_id");
    String crewName = ctx.pathParam("crew");
    executions.get(id)
        .compose(e -> crewName != null && !crewName.equals(e.crew())
            ? Future.failedFuture(ApiException.notFound("No execution found with ID: " + id))
            : executions.tasks(id).map(tasks -> ExecutionStatus.render(e, crews.byName(e.crew()).orElse(null), tasks)))
        .onFailure(ctx::fail)
        .onSuccess(body -> json(ctx, body));
  }

  private void resume(RoutingContext ctx) {
    String crewName = ctx.pathParam("crew");
    if (crewName != null) {
      crew(ctx);
    }
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    String executionId = body.requiredText("execution_id", JsonFields.MAX_ID_LENGTH);
    String taskId = body.requiredText("task_id", JsonFields.MAX_ID_LENGTH);
    String feedback = body.requiredString("human_feedback", MAX_TEXT);
    Boolean isApprove = body.optionalBoolean("is_approve");
    if (isApprove == null) {
      throw ApiException.invalid("field 'is_approve' is required and must be true or false");
    }
    JsonObject webhooks = webhooks(body);
    JsonObject humanInput = humanInputWebhook(body.optionalObject(ExecutionWebhooks.HUMAN_INPUT));
    if (humanInput != null) {
      webhooks.put(ExecutionWebhooks.HUMAN_INPUT, humanInput);
    }
    executions.get(executionId)
        .compose(e -> {
          CrewDefinition crew = crews.byName(e.crew()).orElse(null);
          if (crew == null || crewName != null && !crewName.equals(e.crew())) {
            return Future.failedFuture(ApiException.notFound("No execution found with ID: " + executionId));
          }
          return executions.resume(e, crew, taskId, feedback, isApprove, webhooks);
        })
        .onFailure(ctx::fail)
        .onSuccess(r -> json(ctx, new JsonObject().put("status", r.status()).put("message", r.message())));
  }

  private CrewDefinition crew(RoutingContext ctx) {
    String name = ctx.pathParam("crew");
    if (name == null) {
      return crews.defaultCrew();
    }
    return crews.byName(name).orElseThrow(() -> ApiException.notFound("no crew named " + name));
  }

  private static boolean isMissing(Object value) {
    return value == null || value instanceof String s && s.isBlank();
  }

  /** The task/step/crew webhook URLs of a kickoff or resume body. */
  private static JsonObject webhooks(JsonFields body) {
    JsonObject webhooks = new JsonObject();
    for (String field : URL_FIELDS) {
      String url = body.optionalText(field, MAX_URL);
      if (url != null) {
        webhooks.put(field, requireHttpUrl(field, url));
      }
    }
    return webhooks;
  }

  /** {@code humanInputWebhook {url, authentication {strategy: bearer, token} | {strategy: basic, username, password}}}. */
  private static JsonObject humanInputWebhook(JsonObject hook) {
    if (hook == null) {
      return null;
    }
    JsonFields fields = JsonFields.of(hook);
    String url = requireHttpUrl("humanInputWebhook.url", fields.requiredText("url", MAX_URL));
    JsonObject result = new JsonObject().put("url", url);
    JsonObject auth = fields.optionalObject("authentication");
    if (auth != null) {
      JsonFields a = JsonFields.of(auth);
      String strategy = a.requiredText("strategy", 20);
      switch (strategy) {
        case "bearer" -> result.put("authentication", new JsonObject().put("strategy", strategy)
            .put("token", a.requiredText("token", MAX_URL)));
        case "basic" -> result.put("authentication", new JsonObject().put("strategy", strategy)
            .put("username", a.requiredText("username", MAX_URL)).put("password", a.requiredString("password", MAX_URL)));
        default -> throw ApiException.invalid("humanInputWebhook.authentication.strategy must be 'bearer' or 'basic'");
      }
    }
    return result;
  }

  private static String requireHttpUrl(String field, String url) {
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw ApiException.invalid("field '" + field + "' must be an absolute http(s) URL");
  }
}
