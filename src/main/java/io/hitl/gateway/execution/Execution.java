package io.hitl.gateway.execution;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/**
 * One crew execution as stored.
 *
 * @param taskIndex the task being run or awaiting review; {@code totalTasks} once all are done
 * @param pendingRequestId the human-input request the execution waits for, or {@code null}
 * @param webhooks {@code humanInputWebhook}, {@code taskWebhookUrl}, {@code stepWebhookUrl},
 *     {@code crewWebhookUrl} as currently in force
 * @param leaseToken the claim of the worker running it, or {@code null}
 * @param executionTime seconds since kickoff, until it finished
 */
public record Execution(
    String executionId,
    String crew,
    JsonObject inputs,
    JsonObject meta,
    String status,
    int taskIndex,
    int totalTasks,
    String pendingRequestId,
    JsonObject webhooks,
    String output,
    String error,
    String leaseToken,
    double executionTime) {

  /** A task is being run. */
  public static final String RUNNING = "running";
  /** A task's output waits for a person. */
  public static final String PENDING_HUMAN_INPUT = "pending_human_input";
  /** All tasks done. */
  public static final String COMPLETED = "completed";
  /** A task failed. */
  public static final String ERROR = "error";

  /** Maps a row selected with {@link ExecutionQueries#COLUMNS}. */
  static Execution from(Row row) {
    return new Execution(
        row.getUUID("execution_id").toString(),
        row.getString("crew"),
        object(row.getValue("inputs")),
        row.getValue("meta") instanceof JsonObject meta ? meta : null,
        row.getString("status"),
        row.getInteger("task_index"),
        row.getInteger("total_tasks"),
        uuid(row.getUUID("pending_request_id")),
        object(row.getValue("webhooks")),
        row.getString("output"),
        row.getString("error"),
        uuid(row.getUUID("lease_token")),
        row.getDouble("execution_time"));
  }

  private static JsonObject object(Object value) {
    return value instanceof JsonObject object ? object : new JsonObject();
  }

  private static String uuid(UUID value) {
    return value == null ? null : value.toString();
  }
}
