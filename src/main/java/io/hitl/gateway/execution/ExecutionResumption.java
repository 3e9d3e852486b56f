package io.hitl.gateway.execution;

import io.hitl.gateway.audit.AuditTrail;
import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.HumanInputRequests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Ends an execution's pause when its human-input request is answered, whether through
 * {@code /resume} or the request API, inside the answer's transaction: approved (or no
 * {@code is_approve}) goes on to the next task, or completes the execution at once when it was
 * the last; rejected runs the task again. A request that belongs to no execution changes nothing.
 * The resume status ({@code resumed}, {@code retrying}, {@code completed}) goes to the audit trail.
 */
public final class ExecutionResumption implements HumanInputRequests.AnswerListener {

  private final AuditTrail audit;

  public ExecutionResumption(AuditTrail audit) {
    this.audit = audit;
  }

  @Override
  public Future<Void> answered(SqlClient tx, HumanInputRequest answered, JsonObject resumeOptions) {
    Tuple params = Tuple.tuple().addString(answered.requestId()).addValue(answered.isApprove())
        .addString(resumeOptions.encode());
    return tx.preparedQuery(ExecutionQueries.RESUME).execute(params).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      Row row = rows.iterator().next();
      String status = Execution.COMPLETED.equals(row.getString("status")) ? "completed"
          : Boolean.FALSE.equals(answered.isApprove()) ? "retrying" : "resumed";
      return audit.record(tx, "execution.resumed", answered.responder(), answered.requestId(), new JsonObject()
          .put("execution_id", row.getUUID("execution_id").toString())
          .put("task_id", answered.taskId())
          .put("status", status));
    });
  }
}
