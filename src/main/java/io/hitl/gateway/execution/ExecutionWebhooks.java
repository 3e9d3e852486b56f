package io.hitl.gateway.execution;

import io.hitl.gateway.notify.WebhookSender;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The webhooks of an execution, as configured by its last kickoff or resume call:
 * {@code humanInputWebhook} on each pause, {@code stepWebhookUrl} after each agent step,
 * {@code taskWebhookUrl} after each task output, {@code crewWebhookUrl} at the end.
 */
public final class ExecutionWebhooks {

  /** Key of the human-input webhook in {@link Execution#webhooks()}. */
  public static final String HUMAN_INPUT = "humanInputWebhook";
  /** Key of the task webhook URL. */
  public static final String TASK = "taskWebhookUrl";
  /** Key of the step webhook URL. */
  public static final String STEP = "stepWebhookUrl";
  /** Key of the crew webhook URL. */
  public static final String CREW = "crewWebhookUrl";

  private final WebhookSender sender;

  public ExecutionWebhooks(WebhookSender sender) {
    this.sender = sender;
  }

  /** The pause of {@code task}: execution id, task id and the output awaiting review. */
  Future<Void> humanInputRequired(Execution e, TaskDefinition task, String output, String requestId) {
    JsonObject hook = e.webhooks().getJsonObject(HUMAN_INPUT);
    if (hook == null) {
      return Future.succeededFuture();
    }
    JsonObject body = event("human_input_required", e).put("task_id", task.id()).put("task_output", output)
        .put("agent", task.agent()).put("request_id", requestId);
    return sender.post(hook.getString("url"), body, authorization(hook.getJsonObject("authentication"))).mapEmpty();
  }

  /** An agent step of {@code task}; with the built-in executors one step per task run. */
  Future<Void> step(Execution e, TaskDefinition task, AgentDefinition agent, String output) {
    return send(e, STEP, event("agent_step", e).put("task_id", task.id()).put("agent", agent.role())
        .put("output", output));
  }

  /** {@code task} produced {@code result}. */
  Future<Void> task(Execution e, TaskDefinition task, AgentDefinition agent, TaskResult result) {
    return send(e, TASK, event("task_completed", e).put("task_id", task.id()).put("agent", agent.role())
        .put("output", result.output()).put("execution_time", result.executionTime()));
  }

  /** The execution finished ({@code completed} or {@code error}). */
  Future<Void> crew(Execution finished, List<TaskResult> tasks) {
    JsonObject body = event("crew_" + finished.status(), finished).put("status", finished.status())
        .put("execution_time", finished.executionTime());
    if (Execution.COMPLETED.equals(finished.status())) {
      JsonArray results = new JsonArray();
      tasks.forEach(t -> results.add(t.toJson()));
      body.put("result", new JsonObject().put("output", finished.output()).put("tasks", results));
    } else {
      body.put("error", finished.error());
    }
    return send(finished, CREW, body);
  }

  private Future<Void> send(Execution e, String key, JsonObject body) {
    String url = e.webhooks().getString(key);
    return url == null ? Future.succeededFuture() : sender.post(url, body, null).mapEmpty();
  }

  private static JsonObject event(String type, Execution e) {
    return new JsonObject().put("type", type).put("execution_id", e.executionId()).put("kickoff_id", e.executionId())
        .put("crew", e.crew()).put("meta", e.meta()).put("timestamp", Instant.now().toString());
  }

  /** {@code Bearer token} or {@code Basic base64(user:password)}; validated at kickoff. */
  static String authorization(JsonObject authentication) {
    if (authentication == null) {
      return null;
    }
    return switch (authentication.getString("strategy")) {
      case "bearer" -> "Bearer " + authentication.getString("token");
      case "basic" -> "Basic " + Base64.getEncoder().encodeToString(
          (authentication.getString("username") + ":" + authentication.getString("password")).getBytes(StandardCharsets.UTF_8));
      default -> null;
    };
  }
}
