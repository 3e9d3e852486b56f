package io.hitl.gateway.review;

import io.hitl.gateway.event.EventLog;
import io.hitl.gateway.event.NewEvent;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.store.GroupCommit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The life of a request for human input: created pending with a {@code human_input_required}
 * event, completed once with a {@code human_input_completed} event. State change and event are
 * written in one transaction, so no client ever sees one without the other.
 *
 * <p>Whoever paused for the request (a crew execution, say) learns of the answer through an
 * {@link AnswerListener} called inside that same transaction, whichever endpoint the answer came
 * through: there is one way to answer a request.
 */
public final class HumanInputRequests {

  /** Reacts to an answer as part of the transaction that records it. */
  @FunctionalInterface
  public interface AnswerListener {

    /**
     * Called once per answered request, inside its transaction; a failure rolls the answer back.
     *
     * @param tx the open transaction
     * @param answered the request as completed
     * @param resumeOptions what the answering endpoint passed along (e.g. webhook URLs of
     *     {@code /resume}); empty when there is nothing
     */
    Future<Void> answered(SqlClient tx, HumanInputRequest answered, JsonObject resumeOptions);
  }

  /** Most requests one shared transaction takes. */
  private static final int MAX_BATCH = 256;

  private final Pool pool;
  private final EventLog log;
  private final AnswerListener listener;
  private final GroupCommit<NewRequest, HumanInputRequest> creates;

  /**
   * @param maxOpenTransactions how many create transactions may be open at once
   * @param listener hears of every answer within the answering transaction
   */
  public HumanInputRequests(Vertx vertx, Pool pool, EventLog log, int maxOpenTransactions, AnswerListener listener) {
    this.pool = pool;
    this.log = log;
    this.listener = listener;
    this.creates = new GroupCommit<>(vertx, pool, MAX_BATCH, maxOpenTransactions, this::insertAll);
  }

  /** What a producer sends to open a request. */
  public record NewRequest(String executionId, String crewId, String taskId, String agentId, String prompt,
      String context, JsonObject reasonFlags) {
  }

  /**
   * Stores a new pending request and its {@code human_input_required} event. Concurrent creates
   * share transactions ({@link GroupCommit}); each is answered only once committed.
   */
  public Future<HumanInputRequest> create(NewRequest request) {
    return creates.submit(request);
  }

  /**
   * Stores a new pending request and its {@code human_input_required} event as part of the
   * caller's transaction, so that a pause and its request commit together or not at all.
   */
  public Future<HumanInputRequest> create(SqlClient tx, NewRequest request) {
    return insertAll(tx, List.of(request)).map(created -> created.get(0));
  }

  private Future<List<HumanInputRequest>> insertAll(SqlClient tx, List<NewRequest> batch) {
    int n = batch.size();
    String[][] columns = new String[9][n];
    for (int i = 0; i < n; i++) {
      NewRequest r = batch.get(i);
      columns[0][i] = UUID.randomUUID().toString();
      columns[1][i] = r.executionId();
      columns[2][i] = r.crewId();
      columns[3][i] = r.taskId();
      columns[4][i] = r.agentId();
      columns[5][i] = r.prompt();
      columns[6][i] = r.context();
      columns[7][i] = (r.reasonFlags() == null ? new JsonObject() : r.reasonFlags()).encode();
      columns[8][i] = UUID.randomUUID().toString();
    }
    return tx.preparedQuery(RequestQueries.INSERT).execute(Tuple.wrap(List.of((Object[]) columns))).compose(rows -> {
      Map<String, HumanInputRequest> byId = new HashMap<>(n * 2);
      rows.forEach(row -> {
        HumanInputRequest created = HumanInputRequest.from(row);
        byId.put(created.requestId(), created);
      });
      List<HumanInputRequest> created = new ArrayList<>(n);
      List<NewEvent> events = new ArrayList<>(n);
      for (String id : columns[0]) {
        HumanInputRequest r = byId.get(id);
        created.add(r);
        events.add(HumanInputEvents.required(r));
      }
      return log.append(tx, events).map(created);
    });
  }

  /**
   * Records the answer to a pending request and its {@code human_input_completed} event. The
   * first answer wins: a later or concurrent one fails with 409 carrying the recorded request.
   */
  public Future<HumanInputRequest> respond(String requestId, String humanFeedback, Boolean isApprove) {
    return respond(requestId, humanFeedback, isApprove, new JsonObject());
  }

  /**
   * Like {@link #respond(String, String, Boolean)}, handing {@code resumeOptions} to the
   * {@link AnswerListener}.
   */
  public Future<HumanInputRequest> respond(String requestId, String humanFeedback, Boolean isApprove,
      JsonObject resumeOptions) {
    requireUuid(requestId);
    String eventId = UUID.randomUUID().toString();
    Tuple params = Tuple.tuple().addString(requestId).addString(humanFeedback).addValue(isApprove).addString(eventId);
    return pool.withTransaction(tx -> tx.preparedQuery(RequestQueries.COMPLETE).execute(params)
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture((HumanInputRequest) null);
              }
              HumanInputRequest completed = HumanInputRequest.from(rows.iterator().next());
              return log.append(tx, List.of(HumanInputEvents.completed(completed)))
                  .compose(appended -> listener.answered(tx, completed, resumeOptions))
                  .map(completed);
            }))
        .compose(completed -> completed != null ? Future.succeededFuture(completed)
            : get(requestId).compose(current -> Future.failedFuture(new ApiException(409, "already_responded",
                "request " + requestId + " was already answered; the first response wins",
                new JsonObject().put("request", current.toJson())))));
  }

  /** One request; 404 when unknown. */
  public Future<HumanInputRequest> get(String requestId) {
    requireUuid(requestId);
    return pool.preparedQuery(RequestQueries.BY_ID).execute(Tuple.of(requestId)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiException.notFound("no human-input request " + requestId))
        : Future.succeededFuture(HumanInputRequest.from(rows.iterator().next())));
  }

  /** Requests, newest first, optionally of one execution and/or in one status. */
  public Future<List<HumanInputRequest>> list(String executionId, String status, int limit) {
    if (status != null && !HumanInputRequest.PENDING.equals(status) && !HumanInputRequest.COMPLETED.equals(status)) {
      return Future.failedFuture(ApiException.badRequest("invalid_status", "status must be 'pending' or 'completed'"));
    }
    return pool.preparedQuery(RequestQueries.LIST).execute(Tuple.of(executionId, status, limit))
        .map(HumanInputRequests::toList);
  }

  private static List<HumanInputRequest> toList(RowSet<Row> rows) {
    List<HumanInputRequest> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(HumanInputRequest.from(row)));
    return list;
  }

  private static void requireUuid(String requestId) {
    try {
      UUID.fromString(requestId);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiException.notFound("no human-input request " + requestId);
    }
  }
}
