package io.hitl.gateway.review;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A request for human input, as stored. Crews and flows share it: a flow's {@code flow_id},
 * {@code method_name}, {@code message} and {@code output} are the crew task's
 * {@code execution_id}, {@code task_id}, {@code prompt} and {@code context}, and the API shows
 * both vocabularies.
 */
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
    OffsetDateTime respondedAt,
    JsonArray emit,
    String defaultOutcome,
    JsonObject state,
    JsonObject metadata,
    String assignedToEmail,
    String outcome,
    String source,
    String responder,
    OffsetDateTime slaDueAt,
    Boolean slaMet,
    String sourceLabel) {

  /** Waiting for an answer. */
  public static final String PENDING = "pending";
  /** Answered. */
  public static final String COMPLETED = "completed";
  /** Withdrawn by its runtime before anyone answered. */
  public static final String CANCELLED = "cancelled";

  /** Maps a row selected with {@link RequestQueries#COLUMNS}. */
  static HumanInputRequest from(Row row) {
    return new HumanInputRequest(
        row.getUUID("request_id").toString(),
        row.getString("execution_id"),
        row.getString("crew_id"),
        row.getString("task_id"),
        row.getString("agent_id"),
        row.getString("prompt"),
        row.getString("context"),
        object(row.getValue("reason_flags")),
        row.getString("status"),
        row.getString("human_feedback"),
        row.getBoolean("is_approve"),
        row.getUUID("required_event_id").toString(),
        row.getUUID("completed_event_id") == null ? null : row.getUUID("completed_event_id").toString(),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("responded_at"),
        row.getValue("emit") instanceof JsonArray array ? array : null,
        row.getString("default_outcome"),
        object(row.getValue("state")),
        object(row.getValue("metadata")),
        row.getString("assigned_to_email"),
        row.getString("outcome"),
        row.getString("source"),
        row.getString("responder"),
        row.getOffsetDateTime("sla_due_at"),
        row.getBoolean("sla_met"),
        row.getString("source_label"));
  }

  private static JsonObject object(Object value) {
    return value instanceof JsonObject object ? object : new JsonObject();
  }

  /** True while nobody has answered and the runtime has not cancelled it. */
  public boolean isPending() {
    return PENDING.equals(status);
  }

  /**
   * The answer in the shape of CrewAI's {@code HumanFeedbackResult} plus {@code source} and
   * {@code responder}; null while pending or when cancelled.
   */
  public JsonObject result() {
    if (!COMPLETED.equals(status)) {
      return null;
    }
    return new JsonObject()
        .put("output", context)
        .put("feedback", humanFeedback)
        .put("outcome", outcome)
        .put("timestamp", iso(respondedAt))
        .put("method_name", taskId)
        .put("metadata", metadata)
        .put("source", source)
        .put("responder", responder);
  }

  /** The API representation, in both the crew and the flow vocabulary. */
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
        .put("flow_id", executionId)
        .put("method_name", taskId)
        .put("message", prompt)
        .put("output", context)
        .put("emit", emit)
        .put("default_outcome", defaultOutcome)
        .put("state", state)
        .put("metadata", metadata)
        .put("assigned_to_email", assignedToEmail)
        .put("status", status)
        .put("human_feedback", humanFeedback)
        .put("is_approve", isApprove)
        .put("outcome", outcome)
        .put("source", source)
        .put("responder", responder)
        .put("source_label", sourceLabel)
        .put("result", result())
        .put("event_id", eventId)
        .put("completed_event_id", completedEventId)
        .put("created_at", iso(createdAt))
        .put("responded_at", iso(respondedAt))
        .put("sla_due_at", iso(slaDueAt))
        .put("sla_met", slaMet);
  }

  static String iso(OffsetDateTime time) {
    return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
  }
}
