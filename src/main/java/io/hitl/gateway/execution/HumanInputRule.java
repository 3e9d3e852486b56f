package io.hitl.gateway.execution;

import io.vertx.core.json.JsonObject;

/** Decides whether a finished task's output waits for a person ({@code human_input} of a task). */
public interface HumanInputRule {

  /** Review always. */
  HumanInputRule ALWAYS = (inputs, output) -> true;
  /** Review never. */
  HumanInputRule NEVER = (inputs, output) -> false;

  /**
   * @param inputs the execution's kickoff inputs
   * @param output what the task produced
   * @return true when the execution must pause for review
   */
  boolean requiresReview(JsonObject inputs, String output);

  /** Why the execution paused, for the {@code reason_flags} of {@code human_input_required}. */
  default JsonObject reasonFlags() {
    return new JsonObject().put("review_required", true);
  }
}
