package io.hitl.gateway.execution;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The body of {@code GET /status/{kickoff_id}}, in the AMP shapes. Every body also carries
 * {@code result} (output and the task results so far), {@code error} and {@code execution_time},
 * null where they do not apply yet: the seed's Arazzo workflow reads all of them from whatever
 * status it last polled.
 */
final class ExecutionStatus {

  private ExecutionStatus() {
  }

  static JsonObject render(Execution e, CrewDefinition crew, List<TaskResult> tasks) {
    JsonObject body = new JsonObject().put("status", e.status()).put("kickoff_id", e.executionId()).put("crew", e.crew());
    switch (e.status()) {
      case Execution.COMPLETED -> {
        JsonArray results = new JsonArray();
        tasks.forEach(t -> results.add(t.toJson()));
        body.put("result", new JsonObject().put("output", e.output()).put("tasks", results))
            .put("execution_time", e.executionTime());
      }
      case Execution.ERROR -> body.put("error", e.error()).put("execution_time", e.executionTime());
      case Execution.PENDING_HUMAN_INPUT -> {
        TaskResult awaiting = tasks.stream().filter(t -> t.taskIndex() == e.taskIndex()).findFirst().orElse(null);
        body.put("task_id", crew == null ? null : crew.task(e.taskIndex()).id())
            .put("output", awaiting == null ? null : awaiting.output())
            .put("request_id", e.pendingRequestId())
            .put("current_task", crew == null ? null : crew.task(e.taskIndex()).id())
            .put("progress", progress(e));
      }
      default -> body
          .put("current_task", crew == null || e.taskIndex() >= crew.tasks().size() ? null : crew.task(e.taskIndex()).id())
          .put("progress", progress(e));
    }
    if (!body.containsKey("result")) {
      JsonArray soFar = new JsonArray();
      tasks.forEach(t -> soFar.add(t.toJson()));
      body.put("result", new JsonObject().put("output", null).put("tasks", soFar));
    }
    if (!body.containsKey("error")) {
      body.put("error", null);
    }
    if (!body.containsKey("execution_time")) {
      body.put("execution_time", null);
    }
    return body;
  }

  private static JsonObject progress(Execution e) {
    return new JsonObject().put("completed_tasks", Math.min(e.taskIndex(), e.totalTasks())).put("total_tasks", e.totalTasks());
  }
}
