package io.hitl.gateway.execution;

import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.HumanInputRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step of an execution a worker has claimed: the task at {@code task_index} (then
 * pause or advance), or the completion once every task is done. The outcome commits only while
 * the worker's lease is still the execution's; webhooks go out after the commit.
 */
final class ExecutionStep {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionStep.class);
  private static final int MAX_FEEDBACK = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private final Crews crews;
  private final TaskExecutors executors;
  private final HumanInputRequests requests;
  private final ExecutionWebhooks webhooks;
  private final int leaseSeconds;

  ExecutionStep(Vertx vertx, Pool pool, Crews crews, TaskExecutors executors, HumanInputRequests requests,
      ExecutionWebhooks webhooks, int leaseSeconds) {
    this.vertx = vertx;
    this.pool = pool;
    this.crews = crews;
    this.executors = executors;
    this.requests = requests;
    this.webhooks = webhooks;
    this.leaseSeconds = leaseSeconds;
  }

  /** Raised when a worker's lease was taken over before it could commit; its result is dropped. */
  static final class LeaseLostException extends RuntimeException {
    LeaseLostException(String executionId) {
      super("lease on execution " + executionId + " was lost; another worker runs it", null, false, false);
    }
  }

  /** The task itself failed (executor or {@code human_input} condition): the execution ends in {@code error}. */
  static final class TaskFailedException extends RuntimeException {
    TaskFailedException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /**
   * Runs the step of {@code claimed}; always completes. A failing task ends the execution in
   * {@code error}; a failing commit (database) leaves it to be claimed again when the lease expires.
   */
  Future<Void> run(Execution claimed) {
    CrewDefinition crew = crews.byName(claimed.crew()).orElse(null);
    if (crew == null) {
      return fail(claimed, "crew '" + claimed.crew() + "' is not hosted by this gateway");
    }
    if (claimed.taskIndex() >= crew.tasks().size()) {
      return complete(claimed).otherwise(failure -> retryLater(claimed, failure));
    }
    long timer = vertx.setPeriodic(Math.max(1000L, leaseSeconds * 1000L / 3), id -> renewLease(claimed));
    return runTask(claimed, crew)
        .eventually(() -> {
          vertx.cancelTimer(timer);
          return Future.succeededFuture();
        })
        .recover(failure -> {
          if (failure instanceof TaskFailedException) {
            return fail(claimed, "Task execution failed: " + failure.getMessage());
          }
          return Future.succeededFuture(retryLater(claimed, failure));
        });
  }

  private Void retryLater(Execution e, Throwable failure) {
    if (failure instanceof LeaseLostException) {
      LOG.info(failure.getMessage());
    } else {
      LOG.warn("step of execution {} not committed, it runs again once the lease expires: {}", e.executionId(),
          failure.getMessage());
    }
    return null;
  }

  private Future<Void> runTask(Execution e, CrewDefinition crew) {
    TaskDefinition task = crew.task(e.taskIndex());
    AgentDefinition agent = crew.agentOf(task);
    AgentDefinition renderedAgent = new AgentDefinition(agent.id(), Placeholders.render(agent.role(), e.inputs()),
        Placeholders.render(agent.goal(), e.inputs()), Placeholders.render(agent.backstory(), e.inputs()),
        agent.executor(), agent.options());
    TaskDefinition renderedTask = new TaskDefinition(task.id(), Placeholders.render(task.description(), e.inputs()),
        Placeholders.render(task.expectedOutput(), e.inputs()), task.agent(), task.humanInput());
    return Future.all(earlierOutputs(e), feedbackSoFar(e)).compose(both -> {
      TaskRun run = new TaskRun(e.executionId(), renderedAgent, renderedTask, e.inputs(), both.resultAt(0), both.resultAt(1));
      long started = System.nanoTime();
      Future<String> produced = executors.get(agent.executor()).execute(run)
          .recover(failure -> Future.failedFuture(new TaskFailedException(failure.getMessage(), failure)));
      return produced.compose(output -> {
        TaskResult result = new TaskResult(e.taskIndex(), task.id(), renderedAgent.role(), output,
            (System.nanoTime() - started) / 1e9, 1);
        boolean review;
        try {
          review = task.humanInput().requiresReview(e.inputs(), output);
        } catch (RuntimeException conditionFailed) {
          return Future.failedFuture(new TaskFailedException(conditionFailed.getMessage(), conditionFailed));
        }
        Future<String> committed = review ? pause(e, crew, task, renderedAgent, result) : advance(e, result);
        return committed.map(requestId -> {
          announce(e, task, renderedAgent, result, requestId);
          return null;
        });
      });
    });
  }

  /**
   * Webhooks of a committed task run, in order (step, pause, task), detached from the step so
   * that a slow receiver does not hold a worker slot.
   */
  private void announce(Execution e, TaskDefinition task, AgentDefinition agent, TaskResult result, String requestId) {
    webhooks.step(e, task, agent, result.output())
        .compose(stepped -> requestId == null ? Future.succeededFuture()
            : webhooks.humanInputRequired(e, task, result.output(), requestId))
        .compose(paused -> webhooks.task(e, task, agent, result));
  }

  /** Commits the output and moves on; completes with {@code null} (no pause). */
  private Future<String> advance(Execution e, TaskResult result) {
    return pool.withTransaction(tx -> saveOutput(tx, e, result)
        .compose(saved -> tx.preparedQuery(ExecutionQueries.ADVANCE)
            .execute(Tuple.of(e.executionId(), e.leaseToken(), e.taskIndex())))
        .compose(rows -> requireLease(rows, e))
        .map((String) null));
  }

  /** Commits the output, the pause and its request with the {@code human_input_required} event; completes with the request id. */
  private Future<String> pause(Execution e, CrewDefinition crew, TaskDefinition task, AgentDefinition agent,
      TaskResult result) {
    HumanInputRequests.NewRequest request = HumanInputRequests.NewRequest.task(e.executionId(), crew.name(), task.id(),
        agent.id(), "Review the output of task " + task.id() + " (" + agent.role()
            + "): approve it, or reject it with feedback to have the task run again.",
        result.output(), task.humanInput().reasonFlags());
    return pool.withTransaction(tx -> saveOutput(tx, e, result)
        .compose(saved -> requests.create(tx, request))
        .compose(created -> tx.preparedQuery(ExecutionQueries.PAUSE)
            .execute(Tuple.of(e.executionId(), e.leaseToken(), e.taskIndex(), created.requestId()))
            .compose(rows -> requireLease(rows, e))
            .map(created.requestId())));
  }

  private Future<Void> complete(Execution e) {
    return pool.preparedQuery(ExecutionQueries.COMPLETE).execute(Tuple.of(e.executionId(), e.leaseToken()))
        .compose(rows -> finished(rows, e));
  }

  private Future<Void> fail(Execution e, String error) {
    LOG.warn("execution {} failed: {}", e.executionId(), error);
    return pool.preparedQuery(ExecutionQueries.FAIL).execute(Tuple.of(e.executionId(), e.leaseToken(), error))
        .compose(rows -> finished(rows, e))
        .otherwise(failure -> {
          LOG.error("cannot record the failure of execution {}", e.executionId(), failure);
          return null;
        });
  }

  private Future<Void> finished(RowSet<Row> rows, Execution e) {
    if (rows.size() == 0) {
      return Future.succeededFuture();
    }
    Execution done = Execution.from(rows.iterator().next());
    taskResults(e).compose(tasks -> webhooks.crew(done, tasks))
        .onFailure(failure -> LOG.warn("crew webhook of execution {} not sent: {}", e.executionId(), failure.getMessage()));
    return Future.succeededFuture();
  }

  private Future<Void> saveOutput(io.vertx.sqlclient.SqlClient tx, Execution e, TaskResult r) {
    return tx.preparedQuery(ExecutionQueries.SAVE_TASK_OUTPUT)
        .execute(Tuple.of(e.executionId(), r.taskIndex(), r.taskId(), r.agent(), r.output(), r.executionTime()))
        .mapEmpty();
  }

  private static Future<Void> requireLease(RowSet<Row> rows, Execution e) {
    return rows.rowCount() == 1 ? Future.succeededFuture() : Future.failedFuture(new LeaseLostException(e.executionId()));
  }

  private void renewLease(Execution e) {
    pool.preparedQuery(ExecutionQueries.RENEW).execute(Tuple.of(e.executionId(), e.leaseToken(), leaseSeconds))
        .onFailure(failure -> LOG.warn("cannot renew the lease on execution {}: {}", e.executionId(), failure.getMessage()));
  }

  private Future<List<TaskResult>> taskResults(Execution e) {
    return pool.preparedQuery(ExecutionQueries.TASKS).execute(Tuple.of(e.executionId())).map(rows -> {
      List<TaskResult> tasks = new ArrayList<>();
      rows.forEach(row -> tasks.add(TaskResult.from(row)));
      return tasks;
    });
  }

  /** {@code task_id: output} of every task before the current one. */
  private Future<List<String>> earlierOutputs(Execution e) {
    return taskResults(e).map(tasks -> tasks.stream().filter(t -> t.taskIndex() < e.taskIndex())
        .map(t -> t.taskId() + ": " + t.output()).toList());
  }

  /** {@code task_id: feedback} of every answered pause of this execution, oldest first. */
  private Future<List<String>> feedbackSoFar(Execution e) {
    return requests.list(e.executionId(), HumanInputRequest.COMPLETED, null, MAX_FEEDBACK).map(answered -> {
      List<String> feedback = new ArrayList<>();
      for (int i = answered.size() - 1; i >= 0; i--) {
        HumanInputRequest r = answered.get(i);
        if (r.humanFeedback() != null && !r.humanFeedback().isBlank()) {
          feedback.add(r.taskId() + ": " + r.humanFeedback());
        }
      }
      return feedback;
    });
  }
}
