package io.hitl.gateway.timer;

import io.hitl.gateway.audit.AuditTrail;
import io.hitl.gateway.review.HumanInputRequests;
import io.hitl.gateway.store.LeasedWorker;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due request timers (auto-response, SLA) every {@code pollMillis}. Timers are rows, so they
 * survive restarts; a replica claims a batch with {@code FOR UPDATE SKIP LOCKED} and a lease,
 * committed before it acts, so replicas never fire the same timer concurrently and a replica that
 * dies holding a claim hands it to another once the lease expires. Firing stays exactly-once even
 * when a lease expires mid-action: the first answer to a request wins, and a timer is settled only
 * under its current lease.
 */
public final class TimerWorker extends LeasedWorker<DueTimer> {

  private static final Logger LOG = LoggerFactory.getLogger(TimerWorker.class);
  /** How long a claim holds; a dead replica's timers wait this long before another takes them. */
  public static final int LEASE_SECONDS = 15;
  /** Timers fired at once; small, so that due timers spread across replicas. */
  private static final int BATCH = 16;

  private final Pool pool;
  private final AutoResponse autoResponse;
  private final SlaCheck slaCheck;

  /**
   * @param requests answers requests (auto-response)
   * @param audit records skipped auto-responses and SLA breaches
   * @param pollMillis how often to look for due timers ({@code HITL_TIMER_POLL_MS})
   */
  public TimerWorker(Pool pool, HumanInputRequests requests, AuditTrail audit, long pollMillis) {
    super("due timers", pollMillis, BATCH);
    this.pool = pool;
    this.autoResponse = new AutoResponse(pool, requests, audit);
    this.slaCheck = new SlaCheck(pool, audit);
  }

  @Override
  protected Future<List<DueTimer>> claim(String lease, int max) {
    return pool.preparedQuery(TimerQueries.CLAIM).execute(Tuple.of(lease, LEASE_SECONDS, max))
        .map(rows -> items(rows, DueTimer::from));
  }

  @Override
  protected Future<?> work(DueTimer timer, String lease) {
    Future<Void> fired = DueTimer.SLA.equals(timer.kind()) ? slaCheck.fire(timer) : autoResponse.fire(timer);
    return fired.recover(e -> {
      LOG.warn("{} timer of request {} failed, retried after its lease: {}", timer.kind(), timer.requestId(),
          e.getMessage());
      return Future.succeededFuture();
    });
  }
}
