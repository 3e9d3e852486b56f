package io.hitl.gateway.audit;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links new audit entries into the hash chain every {@code intervalMillis}, on every replica;
 * replicas take turns on the chain's lock.
 */
public final class AuditChainer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuditChainer.class);

  private final AuditLog log;
  private final long intervalMillis;
  private boolean running;

  public AuditChainer(AuditLog log, long intervalMillis) {
    this.log = log;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(intervalMillis, id -> chain());
    return Future.succeededFuture();
  }

  private void chain() {
    if (running) {
      return;
    }
    running = true;
    log.chainPending()
        .onFailure(e -> LOG.warn("could not chain audit entries (will retry): {}", e.getMessage()))
        .onComplete(ar -> running = false);
  }
}
