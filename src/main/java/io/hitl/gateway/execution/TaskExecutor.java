package io.hitl.gateway.execution;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Performs a task for an agent; must not block the event loop. */
public interface TaskExecutor {

  /**
   * Runs {@code run} once.
   *
   * @return the task output; a failure puts the execution into {@code error} with its message
   */
  Future<String> execute(TaskRun run);

  /**
   * Checks an agent's {@code options} when its crew loads.
   *
   * @throws IllegalArgumentException naming the bad option
   */
  default void checkOptions(JsonObject options) {
  }
}
