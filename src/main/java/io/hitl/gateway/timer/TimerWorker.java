package io.hitl.gateway.timer;

import io.hitl.gateway.audit.AuditTrail;
import io.hitl.gateway.review.HumanInputRequests;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
public final class TimerWorker extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TimerWorker.class);
  /** How long a claim holds; a dead replica's timers wait this long before another takes them. */
  public static final int LEASE_SECONDS = 15;
  /** Timers claimed at once; small, so that due timers spread across replicas. */
  private static final int BATCH = 16;

  private final Pool pool;
  private final AutoResponse autoResponse;
  private final SlaCheck slaCheck;
  private final long pollMillis;
  private boolean claiming;
  private boolean stopped;

  /**
   * @param requests answers requests (auto-response)
   * @param audit records skipped auto-responses and SLA breaches
   * @param pollMillis how often to look for due timers ({@code HITL_TIMER_POLL_MS})
   */
  public TimerWorker(Pool pool, HumanInputRequests requests, AuditTrail audit, long pollMillis) {
    this.pool = pool;
    this.autoResponse = new AutoResponse(pool, requests, audit);
    this.slaCheck = new SlaCheck(pool, audit);
    this.pollMillis = pollMillis;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(pollMillis, id -> claimWhileDue());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return Future.succeededFuture();
  }

  /** Claims and fires batches until no due timer is left unclaimed. */
  private void claimWhileDue() {
    if (claiming || stopped) {
      return;
    }
    claiming = true;
    String leaseToken = UUID.randomUUID().toString();
    pool.preparedQuery(TimerQueries.CLAIM).execute(Tuple.of(leaseToken, LEASE_SECONDS, BATCH))
        .compose(claimed -> {
          List<Future<Void>> fired = new ArrayList<>(claimed.size());
          for (Row row : claimed) {
            fired.add(fire(DueTimer.from(row)));
          }
          return Future.all(fired).map(claimed.size());
        })
        .onComplete(result -> {
          claiming = false;
          if (result.failed()) {
            LOG.warn("cannot claim due timers: {}", result.cause().getMessage());
          } else if (result.result() == BATCH) {
            claimWhileDue();
          }
        });
  }

  private Future<Void> fire(DueTimer timer) {
    Future<Void> fired = DueTimer.SLA.equals(timer.kind()) ? slaCheck.fire(timer) : autoResponse.fire(timer);
    return fired.recover(e -> {
      LOG.warn("{} timer of request {} failed, retried after its lease: {}", timer.kind(), timer.requestId(),
          e.getMessage());
      return Future.succeededFuture();
    });
  }
}
