package io.hitl.gateway.timer;

import io.hitl.gateway.review.Answer;
import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.RequestLifecycle;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Arms and retires timers as requests come and go, inside the transaction of the change: a new
 * request gets an auto-response timer when auto-response is enabled, and an SLA due time and timer
 * when an SLA target is set (by the settings of that moment); an answered or cancelled request's
 * timers are retired.
 */
public final class RequestTimers implements RequestLifecycle {

  @Override
  public Future<Void> created(SqlClient tx, List<HumanInputRequest> created) {
    String[] ids = created.stream().map(HumanInputRequest::requestId).toArray(String[]::new);
    return tx.preparedQuery(TimerQueries.ARM_AUTO_RESPONSE).execute(Tuple.tuple().addArrayOfString(ids))
        .compose(v -> tx.preparedQuery(TimerQueries.ARM_SLA).execute(Tuple.tuple().addArrayOfString(ids)))
        .mapEmpty();
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
