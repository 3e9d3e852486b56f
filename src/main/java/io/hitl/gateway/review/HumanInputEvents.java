package io.hitl.gateway.review;

import io.hitl.gateway.event.EventTypes;
import io.hitl.gateway.event.NewEvent;
import io.hitl.gateway.store.TimeOrderedIds;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Builds the seed's two events with their exact field names; extra fields (the request id, the
 * flow vocabulary, the assignee, the outcome) only ever get added. Also the gateway's own
 * {@code human_input_cancelled} and {@code human_input_reassigned}.
 */
final class HumanInputEvents {

  private HumanInputEvents() {
  }

  /** {@code human_input_required} for a new request. */
  static NewEvent required(HumanInputRequest r) {
    JsonObject payload = new JsonObject()
        .put("type", EventTypes.HUMAN_INPUT_REQUIRED)
        .put("execution_id", r.executionId())
        .put("crew_id", r.crewId())
        .put("task_id", r.taskId())
        .put("agent_id", r.agentId())
        .put("prompt", r.prompt())
        .put("context", r.context())
        .put("timestamp", Instant.now().toString())
        .put("event_id", r.eventId())
        .put("reason_flags", r.reasonFlags())
        .put("request_id", r.requestId())
        .put("assigned_to_email", r.assignedToEmail());
    if (r.emit() != null) {
      payload.put("flow_id", r.executionId())
          .put("method_name", r.taskId())
          .put("message", r.prompt())
          .put("output", r.context())
          .put("emit", r.emit())
          .put("default_outcome", r.defaultOutcome())
          .put("state", r.state())
          .put("metadata", r.metadata());
    }
    return new NewEvent(r.eventId(), r.executionId(), EventTypes.HUMAN_INPUT_REQUIRED, payload);
  }

  /** {@code human_input_completed} for an answered request. */
  static NewEvent completed(HumanInputRequest r) {
    JsonObject payload = new JsonObject()
        .put("type", EventTypes.HUMAN_INPUT_COMPLETED)
        .put("execution_id", r.executionId())
        .put("crew_id", r.crewId())
        .put("task_id", r.taskId())
        .put("agent_id", r.agentId())
        .put("event_id", r.completedEventId())
        .put("human_feedback", r.humanFeedback())
        .put("timestamp", Instant.now().toString())
        .put("request_id", r.requestId())
        .put("is_approve", r.isApprove())
        .put("assigned_to_email", r.assignedToEmail())
        .put("result", r.result());
    return new NewEvent(r.completedEventId(), r.executionId(), EventTypes.HUMAN_INPUT_COMPLETED, payload);
  }

  /** {@code human_input_cancelled}: the runtime withdrew the request. */
  static NewEvent cancelled(HumanInputRequest r) {
    return new NewEvent(r.completedEventId(), r.executionId(), EventTypes.HUMAN_INPUT_CANCELLED,
        settled(EventTypes.HUMAN_INPUT_CANCELLED, r, r.completedEventId()).put("cancelled_by", r.responder()));
  }

  /** {@code human_input_reassigned}: the request has a new assignee. */
  static NewEvent reassigned(HumanInputRequest r, String previousAssignee) {
    String eventId = TimeOrderedIds.next();
    return new NewEvent(eventId, r.executionId(), EventTypes.HUMAN_INPUT_REASSIGNED,
        settled(EventTypes.HUMAN_INPUT_REASSIGNED, r, eventId).put("previous_assigned_to_email", previousAssignee));
  }

  private static JsonObject settled(String type, HumanInputRequest r, String eventId) {
    return new JsonObject()
        .put("type", type)
        .put("execution_id", r.executionId())
        .put("crew_id", r.crewId())
        .put("task_id", r.taskId())
        .put("event_id", eventId)
        .put("timestamp", Instant.now().toString())
        .put("request_id", r.requestId())
        .put("assigned_to_email", r.assignedToEmail());
  }
}
