package io.hitl.gateway.review;

import io.hitl.gateway.event.EventTypes;
import io.hitl.gateway.event.NewEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Builds the two seed events with their exact field names; extra fields only ever get added. */
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
        .put("request_id", r.requestId());
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
        .put("is_approve", r.isApprove());
    return new NewEvent(r.completedEventId(), r.executionId(), EventTypes.HUMAN_INPUT_COMPLETED, payload);
  }
}
