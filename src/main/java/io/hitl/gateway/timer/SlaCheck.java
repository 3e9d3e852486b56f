package io.hitl.gateway.timer;

import io.hitl.gateway.audit.AuditTrail;
import io.hitl.gateway.review.HumanInputRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires an SLA timer: when the request was still pending at its due time (it is pending now, or
 * was answered or cancelled only after the due time) the audit trail records
 * {@code request.sla_breached}. The record and the timer's settlement commit together, so a breach
 * is recorded once.
 */
final class SlaCheck {

  private static final Logger LOG = LoggerFactory.getLogger(SlaCheck.class);

  private final Pool pool;
  private final AuditTrail audit;

  SlaCheck(Pool pool, AuditTrail audit) {
    this.pool = pool;
    this.audit = audit;
  }

  Future<Void> fire(DueTimer timer) {
    return pool.withTransaction(tx -> tx.preparedQuery(TimerQueries.REQUEST_AT_DUE).execute(Tuple.of(timer.requestId()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture();
          }
          Row request = rows.iterator().next();
          String status = request.getString("status");
          OffsetDateTime respondedAt = request.getOffsetDateTime("responded_at");
          boolean breached = HumanInputRequest.PENDING.equals(status)
              || respondedAt != null && respondedAt.isAfter(timer.dueAt());
          String result = breached ? "breached" : "met";
          return tx.preparedQuery(TimerQueries.FINISH)
              .execute(Tuple.of(timer.requestId(), timer.kind(), timer.leaseToken(), result, "request " + status))
              .compose(finished -> {
                if (finished.rowCount() == 0 || !breached) {
                  return Future.succeededFuture();
                }
                LOG.info("request {} breached its SLA (due {})", timer.requestId(), timer.dueAt());
                return audit.record(tx, "request.sla_breached", "system", timer.requestId(), new JsonObject()
                    .put("sla_due_at", timer.dueAt().toInstant().toString())
                    .put("status", status)
                    .put("responded_at", respondedAt == null ? null : respondedAt.toInstant().toString()));
              });
        }));
  }
}
