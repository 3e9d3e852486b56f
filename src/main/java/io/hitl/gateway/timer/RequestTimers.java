package io.hitl.gateway.timer;

import io.hitl.gateway.review.Answer;
import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.RequestLifecycle;
import io.hitl.gateway.store.SqlWrite;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Arms and retires timers as requests come and go, in the statement or transaction of the change:
 * a new request gets an auto-response timer when auto-response is enabled, and an SLA timer when
 * it has an SLA due time (set from the settings of that moment); an answered or cancelled
 * request's timers are retired.
 */
public final class RequestTimers implements RequestLifecycle {

  /** Armed by the creating statement, from the inserted rows and the stored settings. */
  @Override
  public List<SqlWrite> createdWrites(List<HumanInputRequest> planned) {
    return List.of(SqlWrite.of(TimerQueries.ARM_CREATED));
  }

  @Override
  public Future<Boolean> writesAfterCreate(SqlClient client) {
    return Future.succeededFuture(false);
  }

  @Override
  public Future<Void> answered(SqlClient tx, HumanInputRequest answered) {
    String result = Answer.AUTO.equals(answered.source()) ? "auto_responded" : "answered";
    return tx.preparedQuery(TimerQueries.RETIRE_SETTLED).execute(Tuple.of(answered.requestId(), result)).mapEmpty();
  }

  @Override
  public Future<Void> cancelled(SqlClient tx, HumanInputRequest cancelled, String by) {
    return tx.preparedQuery(TimerQueries.RETIRE_SETTLED).execute(Tuple.of(cancelled.requestId(), "cancelled")).mapEmpty();
  }
}
