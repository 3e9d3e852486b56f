package io.hitl.gateway.execution;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The {@code http} executor: POSTs the task to the agent service at the agent option {@code url}
 * and takes {@code output} of the JSON answer. Options {@code timeout_ms} (60000),
 * {@code retries} (2) and {@code backoff_ms} (500) set the retry policy.
 *
 * <p>Request body: {@code {execution_id, task_id, agent {role, goal, backstory}, description,
 * expected_output, inputs, context [..], feedback [..]}}.
 */
public final class HttpAgentExecutor implements TaskExecutor {

  /** Its name in crew files. */
  public static final String NAME = "http";

  private final JsonPoster poster;

  HttpAgentExecutor(JsonPoster poster) {
    this.poster = poster;
  }

  @Override
  public void checkOptions(JsonObject options) {
    Options.requireUrl(options, "url");
    Options.requirePolicy(options);
  }

  @Override
  public Future<String> execute(TaskRun run) {
    JsonObject body = new JsonObject()
        .put("execution_id", run.executionId())
        .put("task_id", run.task().id())
        .put("agent", new JsonObject().put("role", run.agent().role()).put("goal", run.agent().goal())
            .put("backstory", run.agent().backstory()))
        .put("description", run.task().description())
        .put("expected_output", run.task().expectedOutput())
        .put("inputs", run.inputs())
        .put("context", new JsonArray(run.context()))
        .put("feedback", new JsonArray(run.feedback()));
    String url = run.agent().options().getString("url");
    return poster.post(url, Map.of(), body, JsonPoster.Policy.from(run.agent().options())).compose(answer -> {
      Object output = answer.getValue("output");
      return output instanceof String text
          ? Future.succeededFuture(text)
          : Future.failedFuture(new IllegalStateException(url + " answered without a string 'output'"));
    });
  }
}
