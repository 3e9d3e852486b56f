package io.hitl.gateway.audit;

import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.RequestLifecycle;
import io.hitl.gateway.store.SqlWrite;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the audit entries of a request's life, in the transaction of each change:
 * {@code request.created}, {@code request.assigned} (the initial assignment, when there is an
 * assignee), {@code request.responded}, {@code request.cancelled} and {@code request.reassigned}.
 */
public final class RequestAudit implements RequestLifecycle {

  /** Actions this class records. */
  public static final String CREATED = "request.created";
  public static final String ASSIGNED = "request.assigned";
  public static final String RESPONDED = "request.responded";
  public static final String CANCELLED = "request.cancelled";
  public static final String REASSIGNED = "request.reassigned";

  /** The actor of changes made through the API by the runtime (a deployment key). */
  private static final String API = "api";

  private final AuditLog log;

  public RequestAudit(AuditLog log) {
    this.log = log;
  }

  /** The entries are written by the creating statement itself. */
  @Override
  public List<SqlWrite> createdWrites(List<HumanInputRequest> planned) {
    List<AuditLog.NewEntry> entries = new ArrayList<>(planned.size() * 2);
    for (HumanInputRequest r : planned) {
      entries.add(new AuditLog.NewEntry(CREATED, API, r.requestId(), new JsonObject()
          .put("flow_id", r.executionId())
          .put("execution_id", r.executionId())
          .put("method_name", r.taskId())
          .put("task_id", r.taskId())
          .put("assigned_to_email", r.assignedToEmail())));
      if (r.assignedToEmail() != null) {
        entries.add(new AuditLog.NewEntry(ASSIGNED, API, r.requestId(),
            new JsonObject().put("assigned_to_email", r.assignedToEmail())));
      }
    }
    return List.of(AuditLog.appending(entries));
  }

  @Override
  public Future<Boolean> writesAfterCreate(SqlClient client) {
    return Future.succeededFuture(false);
  }

  @Override
  public Future<Void> answered(SqlClient tx, HumanInputRequest answered) {
    return log.record(tx, RESPONDED, answered.responder(), answered.requestId(), new JsonObject()
        .put("source", answered.source())
        .put("responder", answered.responder())
        .put("outcome", answered.outcome())
        .put("is_approve", answered.isApprove())
        .put("source_label", answered.sourceLabel())
        .put("feedback", answered.humanFeedback()));
  }

  @Override
  public Future<Void> cancelled(SqlClient tx, HumanInputRequest cancelled, String by) {
    return log.record(tx, CANCELLED, by, cancelled.requestId(), new JsonObject()
        .put("flow_id", cancelled.executionId())
        .put("method_name", cancelled.taskId())
        .put("by", by));
  }

  @Override
  public Future<Void> reassigned(SqlClient tx, HumanInputRequest request, String previousAssignee, String by) {
    return log.record(tx, REASSIGNED, by, request.requestId(), new JsonObject()
        .put("from", previousAssignee)
        .put("to", request.assignedToEmail())
        .put("by", by));
  }
}
