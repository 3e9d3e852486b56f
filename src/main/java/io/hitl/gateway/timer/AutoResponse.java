package io.hitl.gateway.timer;

import io.hitl.gateway.audit.AuditTrail;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.review.Answer;
import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.HumanInputRequests;
import io.hitl.gateway.review.Outcomes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires an auto-response timer: answers the request, still pending, through
 * {@link HumanInputRequests#respond} with source and responder {@code auto}. The answer is the
 * settings' default outcome when it is one of the request's emit options, else the request's own
 * {@code default_outcome}; with neither the timer is skipped and the audit trail says why.
 */
final class AutoResponse {

  private static final Logger LOG = LoggerFactory.getLogger(AutoResponse.class);

  /** The chosen outcome, or why there is none. */
  record Choice(String outcome, String skipReason) {
  }

  private final Pool pool;
  private final HumanInputRequests requests;
  private final AuditTrail audit;

  AutoResponse(Pool pool, HumanInputRequests requests, AuditTrail audit) {
    this.pool = pool;
    this.requests = requests;
    this.audit = audit;
  }

  /** The outcome to answer a request with (see the class comment). */
  static Choice choose(String settingsOutcome, HumanInputRequest request) {
    if (settingsOutcome != null && Outcomes.isOption(request.emit(), settingsOutcome)) {
      return new Choice(settingsOutcome, null);
    }
    if (request.defaultOutcome() != null) {
      return new Choice(request.defaultOutcome(), null);
    }
    String why = request.emit() == null || request.emit().isEmpty()
        ? "the request has no emit options and no default_outcome"
        : "the default outcome '" + settingsOutcome + "' is not one of the request's emit options " + request.emit()
            + " and the request has no default_outcome";
    return new Choice(null, why);
  }

  /** Settles the timer; a failure leaves it leased, to be retried once the lease expires. */
  Future<Void> fire(DueTimer timer) {
    return requests.get(timer.requestId()).compose(request -> {
      if (!request.isPending()) {
        return finish(timer, "not_pending", "request was " + request.status());
      }
      Choice choice = choose(timer.defaultOutcome(), request);
      if (choice.outcome() == null) {
        return skip(timer, request, choice.skipReason());
      }
      // On success the answer's own transaction retires the timer (RequestTimers.answered).
      return requests.respond(timer.requestId(), new Answer(choice.outcome(), null, Answer.AUTO, "auto", null, null))
          .<Void>mapEmpty()
          .recover(failure -> failure instanceof ApiException api && (api.status() == 409 || api.status() == 404)
              ? finish(timer, "not_pending", api.error()) : Future.failedFuture(failure));
    }, failure -> failure instanceof ApiException api && api.status() == 404
        ? finish(timer, "not_pending", "request not found") : Future.failedFuture(failure));
  }

  private Future<Void> skip(DueTimer timer, HumanInputRequest request, String reason) {
    return pool.withTransaction(tx -> tx.preparedQuery(TimerQueries.FINISH)
        .execute(Tuple.of(timer.requestId(), timer.kind(), timer.leaseToken(), "skipped", reason))
        .compose(rows -> {
          if (rows.rowCount() == 0) {
            return Future.succeededFuture();
          }
          LOG.info("auto-response to request {} skipped: {}", timer.requestId(), reason);
          return audit.record(tx, "request.auto_response_skipped", "auto", timer.requestId(), new JsonObject()
              .put("reason", reason).put("default_outcome", timer.defaultOutcome()).put("emit", request.emit())
              .put("due_at", timer.dueAt().toInstant().toString()));
        }));
  }

  private Future<Void> finish(DueTimer timer, String result, String detail) {
    return pool.preparedQuery(TimerQueries.FINISH)
        .execute(Tuple.of(timer.requestId(), timer.kind(), timer.leaseToken(), result, detail)).mapEmpty();
  }
}
