package io.hitl.gateway.execution;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The {@code template} executor: a deterministic output built from the task, the inputs, the
 * context and the feedback, for demos and tests. The agent option {@code delay_ms} makes it
 * take that long (on a timer), to watch an execution in {@code running}.
 */
public final class TemplateExecutor implements TaskExecutor {

  /** Its name in crew files. */
  public static final String NAME = "template";

  private final Vertx vertx;

  public TemplateExecutor(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void checkOptions(io.vertx.core.json.JsonObject options) {
    Object delay = options.getValue("delay_ms");
    if (delay != null && !(delay instanceof Integer || delay instanceof Long)) {
      throw new IllegalArgumentException("options.delay_ms must be a whole number of milliseconds");
    }
  }

  @Override
  public Future<String> execute(TaskRun run) {
    String output = render(run);
    long delay = run.agent().options().getLong("delay_ms", 0L);
    if (delay <= 0) {
      return Future.succeededFuture(output);
    }
    Promise<String> done = Promise.promise();
    vertx.setTimer(delay, id -> done.complete(output));
    return done.future();
  }

  /** The output for {@code run}; equal runs give equal outputs. */
  static String render(TaskRun run) {
    StringBuilder out = new StringBuilder()
        .append(run.agent().role()).append(": ").append(run.task().description()).append('\n')
        .append("Expected: ").append(run.task().expectedOutput());
    if (!run.context().isEmpty()) {
      out.append("\nContext:");
      run.context().forEach(c -> out.append("\n- ").append(c));
    }
    if (!run.feedback().isEmpty()) {
      out.append("\nHuman feedback:");
      run.feedback().forEach(f -> out.append("\n- ").append(f));
    }
    return out.toString();
  }
}
