package io.hitl.gateway.execution;

import io.hitl.gateway.store.LeasedWorker;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Claims runnable executions and runs their steps, up to {@code concurrency} at once. It looks
 * for work every {@code pollMillis} and whenever this process's API starts or resumes an
 * execution. Claims are leases in PostgreSQL ({@code FOR UPDATE SKIP LOCKED}), so any number of
 * replicas share the work and an execution whose worker died is claimed again once its lease
 * expires.
 */
public final class ExecutionWorker extends LeasedWorker<Execution> {

  private final Pool pool;
  private final ExecutionStep step;
  private final int leaseSeconds;
  private MessageConsumer<Object> wake;

  ExecutionWorker(Pool pool, ExecutionStep step, int leaseSeconds, int concurrency, long pollMillis) {
    super("executions", pollMillis, concurrency);
    this.pool = pool;
    this.step = step;
    this.leaseSeconds = leaseSeconds;
  }

  @Override
  public Future<?> start() {
    wake = vertx.eventBus().localConsumer(Executions.WAKE_ADDRESS, message -> claimWhileFree());
    return super.start();
  }

  @Override
  public Future<?> stop() {
    return super.stop().compose(v -> wake.unregister());
  }

  @Override
  protected Future<List<Execution>> claim(String lease, int max) {
    // one at a time: the query claims the execution waiting longest
    return pool.preparedQuery(ExecutionQueries.CLAIM).execute(Tuple.of(lease, leaseSeconds))
        .map(rows -> items(rows, Execution::from));
  }

  @Override
  protected Future<?> work(Execution claimed, String lease) {
    return step.run(claimed);
  }
}
