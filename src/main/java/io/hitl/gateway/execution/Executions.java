package io.hitl.gateway.execution;

import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.review.Answer;
import io.hitl.gateway.review.HumanInputRequests;
import io.hitl.gateway.store.TimeOrderedIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting, reading and resuming executions on behalf of the API. Running them is the
 * {@link ExecutionWorker}'s job; this class only tells the local workers there is work.
 */
public final class Executions {

  private static final Logger LOG = LoggerFactory.getLogger(Executions.class);

  /** Local event-bus address that wakes this process's workers. */
  public static final String WAKE_ADDRESS = "hitl.executions.wake";

  private final Vertx vertx;
  private final Pool pool;
  private final HumanInputRequests requests;
  private final ExecutionWebhooks webhooks;

  public Executions(Vertx vertx, Pool pool, HumanInputRequests requests, ExecutionWebhooks webhooks) {
    this.vertx = vertx;
    this.pool = pool;
    this.requests = requests;
    this.webhooks = webhooks;
  }

  /** What {@code /resume} answered. */
  public record Resumption(String status, String message) {
  }

  /** Stores a new runnable execution of {@code crew}; returns its id (the kickoff id). */
  public Future<String> kickoff(CrewDefinition crew, JsonObject inputs, JsonObject meta, JsonObject webhooks) {
    String id = TimeOrderedIds.next();
    Tuple params = Tuple.tuple().addString(id).addString(crew.name()).addString(inputs.encode())
        .addString(meta == null ? null : meta.encode()).addInteger(crew.tasks().size()).addString(webhooks.encode());
    return pool.preparedQuery(ExecutionQueries.INSERT).execute(params).map(rows -> {
      wakeWorkers();
      return id;
    });
  }

  /** One execution; 404 when unknown. */
  public Future<Execution> get(String executionId) {
    if (!isUuid(executionId)) {
      return Future.failedFuture(notFound(executionId));
    }
    return pool.preparedQuery(ExecutionQueries.BY_ID).execute(Tuple.of(executionId)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(notFound(executionId))
        : Future.succeededFuture(Execution.from(rows.iterator().next())));
  }

  /** The task outputs of an execution so far, in task order. */
  public Future<List<TaskResult>> tasks(String executionId) {
    return pool.preparedQuery(ExecutionQueries.TASKS).execute(Tuple.of(executionId)).map(rows -> {
      List<TaskResult> tasks = new ArrayList<>(rows.size());
      for (Row row : rows) {
        tasks.add(TaskResult.from(row));
      }
      return tasks;
    });
  }

  /**
   * Answers the pause of {@code execution} at {@code taskId}. The answer goes through
   * {@link HumanInputRequests#respond} like any other, so the first answer wins and the
   * execution moves on in the same transaction ({@link ExecutionResumption}).
   *
   * @param webhooks the webhook settings of this call, replacing the task/step/crew URLs
   * @return fails with 404 for a task the crew does not have, 400 when the execution does not
   *     wait for input on that task (also for every racing answer but the first)
   */
  public Future<Resumption> resume(Execution execution, CrewDefinition crew, String taskId, String feedback,
      boolean isApprove, JsonObject webhooks) {
    int taskIndex = crew.indexOf(taskId);
    if (taskIndex < 0) {
      return Future.failedFuture(ApiException.notFound("task " + taskId + " is not a task of crew " + crew.name()));
    }
    if (!Execution.PENDING_HUMAN_INPUT.equals(execution.status()) || execution.taskIndex() != taskIndex) {
      return Future.failedFuture(notPending(execution, taskId));
    }
    return requests.respond(execution.pendingRequestId(), Answer.api(feedback, isApprove, "api"), webhooks)
        .recover(failure -> Future.failedFuture(
            failure instanceof ApiException api && api.status() == 409 ? notPending(execution, taskId) : failure))
        .map(answered -> {
          if (!isApprove) {
            wakeWorkers();
            return new Resumption("retrying", "Task will be retried with your feedback");
          }
          if (taskIndex + 1 >= execution.totalTasks()) {
            announceCompletion(execution.executionId());
            return new Resumption("completed", "Task approved; it was the crew's last task, the execution is completed");
          }
          wakeWorkers();
          return new Resumption("resumed", "Execution resumed successfully");
        });
  }

  /** The crew webhook of an execution the resume completed (only {@code /resume} can have set its URL). */
  private void announceCompletion(String executionId) {
    get(executionId).compose(done -> tasks(executionId).compose(tasks -> webhooks.crew(done, tasks)))
        .onFailure(failure -> LOG.warn("crew webhook of execution {} not sent: {}", executionId, failure.getMessage()));
  }

  /** Tells this process's workers to look for runnable executions now. */
  public void wakeWorkers() {
    vertx.eventBus().publish(WAKE_ADDRESS, null);
  }

  private static ApiException notPending(Execution execution, String taskId) {
    return new ApiException(400, "not_pending_human_input", "Execution " + execution.executionId()
        + " is not in pending human input state for task " + taskId,
        new JsonObject().put("execution_status", execution.status()));
  }

  private static ApiException notFound(String executionId) {
    return ApiException.notFound("No execution found with ID: " + executionId);
  }

  private static boolean isUuid(String value) {
    try {
      return value != null && value.length() == 36 && UUID.fromString(value) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
