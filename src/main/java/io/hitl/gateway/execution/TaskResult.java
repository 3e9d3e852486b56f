package io.hitl.gateway.execution;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** The latest output of one task of an execution ({@code result.tasks[]} of {@code /status}). */
public record TaskResult(int taskIndex, String taskId, String agent, String output, double executionTime, int attempts) {

  static TaskResult from(Row row) {
    return new TaskResult(row.getInteger("task_index"), row.getString("task_id"), row.getString("agent"),
        row.getString("output"), row.getDouble("execution_time"), row.getInteger("attempts"));
  }

  /** The AMP {@code TaskResult} shape. */
  public JsonObject toJson() {
    return new JsonObject().put("task_id", taskId).put("output", output).put("agent", agent)
        .put("execution_time", executionTime);
  }
}
