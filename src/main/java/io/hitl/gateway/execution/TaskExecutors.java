package io.hitl.gateway.execution;

import java.util.Map;
import java.util.Set;

/** The executors agents can name in crew files. */
public final class TaskExecutors {

  private final Map<String, TaskExecutor> byName;

  public TaskExecutors(Map<String, TaskExecutor> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** Executor names, for validating crew files. */
  public Set<String> names() {
    return byName.keySet();
  }

  /**
   * Checks {@code options} for the executor {@code name}.
   *
   * @throws IllegalArgumentException for an unknown executor or bad options
   */
  public void check(String name, io.vertx.core.json.JsonObject options) {
    TaskExecutor executor = byName.get(name);
    if (executor == null) {
      throw new IllegalArgumentException("unknown executor '" + name + "', known: " + byName.keySet());
    }
    executor.checkOptions(options);
  }

  /** The executor called {@code name}; crew loading guarantees it exists. */
  public TaskExecutor get(String name) {
    TaskExecutor executor = byName.get(name);
    if (executor == null) {
      throw new IllegalStateException("no task executor '" + name + "'");
    }
    return executor;
  }
}
