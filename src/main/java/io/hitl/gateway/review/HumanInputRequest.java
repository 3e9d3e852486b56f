package io.hitl.gateway.review;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A request for human input, as stored. */
public record HumanInputRequest(
    String requestId,
    String executionId,
    String crewId,
    String taskId,
    String agentId,
    String prompt,
    String context,
    JsonObject reasonFlags,
    String status,
    String humanFeedback,
    Boolean isApprove,
    String eventId,
    String completedEventId,
    OffsetDateTime createdAt,
    OffsetDateTime respondedAt) {

  /** Waiting for an answer. */
  public static final String PENDING = "pending";
  /** Answered. */
  public static final String COMPLETED = "completed";

  /** Maps a row selected with {@link RequestQueries#COLUMNS}. */
  static HumanInputRequest from(Row row) {
    Object flags = row.getValue("reason_flags");
    return new HumanInputRequest(
        row.getUUID("request_id").toString(),
        row.getString("execution_id"),
        row.getString("crew_id"),
        row.getString("task_id"),
        row.getString("agent_id"),
        row.getString("prompt"),
        row.getString("context"),
        flags instanceof JsonObject object ? object : new JsonObject(),
        row.getString("status"),
        row.getString("human_feedback"),
        row.getBoolean("is_approve"),
        row.getUUID("required_event_id").toString(),
        row.getUUID("completed_event_id") == null ? null : row.getUUID("completed_event_id").toString(),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("responded_at"));
  }

  /** The API representation. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("request_id", requestId)
        .put("execution_id", executionId)
        .put("crew_id", crewId)
        .put("task_id", taskId)
        .put("agent_id", agentId)
        .put("prompt", prompt)
        .put("context", context)
        .put("reason_flags", reasonFlags)
        .put("status", status)
        .put("human_feedback", humanFeedback)
        .put("is_approve", isApprove)
        .put("event_id", eventId)
        .put("completed_event_id", completedEventId)
        .put("created_at", iso(createdAt))
        .put("responded_at", iso(respondedAt));
  }

  private static String iso(OffsetDateTime time) {
    return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
  }
}
