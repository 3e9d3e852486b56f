package io.hitl.gateway.execution;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims runnable executions and runs their steps, up to {@code concurrency} at once. It looks
 * for work every {@code pollMillis} and whenever this process's API starts or resumes an
 * execution. Claims are leases in PostgreSQL ({@code FOR UPDATE SKIP LOCKED}), so any number of
 * replicas share the work and an execution whose worker died is claimed again once its lease
 * expires.
 */
public final class ExecutionWorker extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionWorker.class);

  private final Pool pool;
  private final ExecutionStep step;
  private final int leaseSeconds;
  private final int concurrency;
  private final long pollMillis;
  private int running;
  private boolean claiming;
  private boolean stopped;
  private MessageConsumer<Object> wake;

  ExecutionWorker(Pool pool, ExecutionStep step, int leaseSeconds, int concurrency, long pollMillis) {
    this.pool = pool;
    this.step = step;
    this.leaseSeconds = leaseSeconds;
    this.concurrency = concurrency;
    this.pollMillis = pollMillis;
  }

  @Override
  public Future<?> start() {
    wake = vertx.eventBus().localConsumer(Executions.WAKE_ADDRESS, message -> claimWhileIdle());
    vertx.setPeriodic(pollMillis, id -> claimWhileIdle());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return wake.unregister();
  }

  /** Claims executions one by one until there is none left or every slot is busy. */
  private void claimWhileIdle() {
    if (claiming || stopped || running >= concurrency) {
      return;
    }
    claiming = true;
    String leaseToken = UUID.randomUUID().toString();
    pool.preparedQuery(ExecutionQueries.CLAIM).execute(Tuple.of(leaseToken, leaseSeconds)).onComplete(result -> {
      claiming = false;
      if (result.failed()) {
        LOG.warn("cannot claim executions: {}", result.cause().getMessage());
        return;
      }
      if (result.result().size() == 0) {
        return;
      }
      Execution claimed = Execution.from(result.result().iterator().next());
      running++;
      step.run(claimed).onComplete(done -> {
        running--;
        claimWhileIdle();
      });
      claimWhileIdle();
    });
  }
}
