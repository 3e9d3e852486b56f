package io.hitl.gateway.review;

import io.hitl.gateway.event.EventLog;
import io.hitl.gateway.event.NewEvent;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.store.GroupCommit;
import io.hitl.gateway.store.SqlWrite;
import io.hitl.gateway.store.TimeOrderedIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.hitl.gateway.auth.ApiKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The life of a request for human input: created pending with a {@code human_input_required}
 * event, completed once with a {@code human_input_completed} event. State change and event are
 * written in one statement or transaction, so no client ever sees one without the other.
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

  /** Most requests one shared statement or transaction takes. */
  private static final int MAX_BATCH = 256;

  private final Pool pool;
  private final EventLog log;
  private final AnswerListener listener;
  private final Assigner assigner;
  private final RequestLifecycle lifecycle;
  private final GroupCommit<NewRequest, HumanInputRequest> creates;

  /**
   * @param maxOpenTransactions how many create batches may be written at once
   * @param listener hears of every answer within the answering transaction (the paused execution)
   * @param assigner picks each new request's assignee
   * @param lifecycle hears of every change within its statement or transaction (audit, webhooks, timers)
   */
  public HumanInputRequests(Vertx vertx, Pool pool, EventLog log, int maxOpenTransactions, AnswerListener listener,
      Assigner assigner, RequestLifecycle lifecycle) {
    this.pool = pool;
    this.log = log;
    this.listener = listener;
    this.assigner = assigner;
    this.lifecycle = lifecycle;
    this.creates = new GroupCommit<>(vertx, MAX_BATCH, maxOpenTransactions, this::createBatch);
  }

  /**
   * What a runtime sends to open a request. The flow fields ({@code emit} … {@code metadata}) are
   * null for crew tasks.
   */
  public record NewRequest(String executionId, String crewId, String taskId, String agentId, String prompt,
      String context, JsonObject reasonFlags, JsonArray emit, String defaultOutcome, JsonObject state,
      JsonObject metadata) {

    /** A crew task's request. */
    public static NewRequest task(String executionId, String crewId, String taskId, String agentId, String prompt,
        String context, JsonObject reasonFlags) {
      return new NewRequest(executionId, crewId, taskId, agentId, prompt, context, reasonFlags, null, null, null, null);
    }
  }

  /**
   * Stores a new pending request and its {@code human_input_required} event. Concurrent creates
   * share statements and commits ({@link GroupCommit}); each is answered only once committed.
   */
  public Future<HumanInputRequest> create(NewRequest request) {
    return creates.submit(request);
  }

  /**
   * Stores a new pending request and its {@code human_input_required} event as part of the
   * caller's transaction, so that a pause and its request commit together or not at all.
   */
  public Future<HumanInputRequest> create(SqlClient tx, NewRequest request) {
    List<NewRequest> one = List.of(request);
    return assigner.assign(tx, one).compose(assignees -> insert(tx, one, assignees))
        .compose(created -> lifecycle.created(tx, created).map(created.get(0)));
  }

  /**
   * Writes one create batch: one statement outside any transaction while no listener writes
   * after the insert (audit entries and timers are parts of that statement), else that statement
   * and the listeners' writes in one transaction.
   */
  private Future<List<HumanInputRequest>> createBatch(List<NewRequest> batch) {
    return assigner.assign(pool, batch).compose(assignees -> lifecycle.writesAfterCreate(pool).compose(writesAfter ->
        !writesAfter ? insert(pool, batch, assignees) : pool.withTransaction(tx -> insert(tx, batch, assignees)
            .compose(created -> lifecycle.created(tx, created).map(created)))));
  }

  /**
   * Inserts the requests, their {@code human_input_required} events and the listeners'
   * {@link RequestLifecycle#createdWrites} as one statement; returns the stored requests in order.
   */
  private Future<List<HumanInputRequest>> insert(SqlClient client, List<NewRequest> batch, List<String> assignees) {
    int n = batch.size();
    String[][] columns = new String[14][n];
    List<HumanInputRequest> planned = new ArrayList<>(n);
    List<NewEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NewRequest r = batch.get(i);
      JsonObject reasonFlags = r.reasonFlags() == null ? new JsonObject() : r.reasonFlags();
      JsonObject state = r.state() == null ? new JsonObject() : r.state();
      JsonObject metadata = r.metadata() == null ? new JsonObject() : r.metadata();
      String assignee = assignees.get(i) == null ? null : assignees.get(i).trim().toLowerCase(Locale.ROOT);
      columns[0][i] = TimeOrderedIds.next();
      columns[1][i] = r.executionId();
      columns[2][i] = r.crewId();
      columns[3][i] = r.taskId();
      columns[4][i] = r.agentId();
      columns[5][i] = r.prompt();
      columns[6][i] = r.context();
      columns[7][i] = reasonFlags.encode();
      columns[8][i] = TimeOrderedIds.next();
      columns[9][i] = r.emit() == null ? null : r.emit().encode();
      columns[10][i] = r.defaultOutcome();
      columns[11][i] = state.encode();
      columns[12][i] = metadata.encode();
      columns[13][i] = assignee;
      HumanInputRequest pending = new HumanInputRequest(columns[0][i], r.executionId(), r.crewId(), r.taskId(),
          r.agentId(), r.prompt(), r.context(), reasonFlags, HumanInputRequest.PENDING, null, null, columns[8][i], null,
          null, null, r.emit(), r.defaultOutcome(), state, metadata, assignee, null, null, null, null, null, null);
      planned.add(pending);
      events.add(HumanInputEvents.required(pending));
    }
    List<SqlWrite> parts = new ArrayList<>();
    parts.add(EventLog.appending(events));
    parts.addAll(lifecycle.createdWrites(planned));
    SqlWrite statement = SqlWrite.combined(RequestLifecycle.CREATED, SqlWrite.of(RequestQueries.INSERT, (Object[]) columns),
        parts);
    return statement.execute(client).map(rows -> {
      log.appended(n);
      Map<String, HumanInputRequest> byId = new HashMap<>(n * 2);
      rows.forEach(row -> {
        HumanInputRequest created = HumanInputRequest.from(row);
        byId.put(created.requestId(), created);
      });
      List<HumanInputRequest> created = new ArrayList<>(n);
      for (String id : columns[0]) {
        created.add(byId.get(id));
      }
      return created;
    });
  }

  /**
   * Records the answer to a pending request and its {@code human_input_completed} event. The
   * first answer wins: a later or concurrent one fails with 409 carrying the recorded request,
   * unless it repeats the winning answer's {@code Idempotency-Key} and content, in which case it
   * gets the recorded request as if it had won.
   */
  public Future<HumanInputRequest> respond(String requestId, Answer answer) {
    return respond(requestId, answer, new JsonObject());
  }

  /** Like {@link #respond(String, Answer)}, handing {@code resumeOptions} to the {@link AnswerListener}. */
  public Future<HumanInputRequest> respond(String requestId, Answer answer, JsonObject resumeOptions) {
    requireUuid(requestId);
    String eventId = TimeOrderedIds.next();
    byte[] digest = digest(answer);
    return pool.withTransaction(tx -> tx.preparedQuery(RequestQueries.BY_ID + " for update").execute(Tuple.of(requestId))
            .compose(current -> {
              if (current.size() == 0) {
                return Future.failedFuture(ApiException.notFound("no human-input request " + requestId));
              }
              HumanInputRequest pending = HumanInputRequest.from(current.iterator().next());
              if (!pending.isPending()) {
                return Future.succeededFuture(new Attempt(null, current.iterator().next()));
              }
              String outcome = Outcomes.of(answer.feedback(), answer.isApprove(), pending.emit(), pending.defaultOutcome());
              Tuple params = Tuple.tuple().addString(requestId).addString(answer.feedback()).addValue(answer.isApprove())
                  .addString(eventId).addString(outcome).addString(answer.source()).addString(answer.responder())
                  .addString(answer.idempotencyKey()).addBuffer(Buffer.buffer(digest)).addString(answer.sourceLabel());
              return tx.preparedQuery(RequestQueries.COMPLETE).execute(params).compose(rows -> {
                HumanInputRequest completed = HumanInputRequest.from(rows.iterator().next());
                return Future.all(log.append(tx, List.of(HumanInputEvents.completed(completed))),
                        listener.answered(tx, completed, resumeOptions), lifecycle.answered(tx, completed))
                    .map(new Attempt(completed, null));
              });
            }))
        .compose(attempt -> attempt.won != null ? Future.succeededFuture(attempt.won)
            : settled(requestId, attempt.current, answer, digest));
  }

  /** Outcome of one answering transaction: the completed request, or the row that was already settled. */
  private record Attempt(HumanInputRequest won, Row current) {
  }

  /**
   * The reply to an answer that came too late: the recorded request when it repeats the winner's
   * Idempotency-Key and content; 422 when it reuses the key for something else; 409 otherwise.
   */
  private static Future<HumanInputRequest> settled(String requestId, Row currentRow, Answer answer, byte[] digest) {
    HumanInputRequest current = HumanInputRequest.from(currentRow);
    JsonObject details = new JsonObject().put("request", current.toJson()).put("result", current.result());
    if (answer.idempotencyKey() != null && answer.idempotencyKey().equals(currentRow.getString("idempotency_key"))) {
      Buffer stored = currentRow.getBuffer("response_digest");
      if (stored != null && MessageDigest.isEqual(stored.getBytes(), digest)) {
        return Future.succeededFuture(current);
      }
      return Future.failedFuture(new ApiException(422, "idempotency_key_reused", "Idempotency-Key "
          + answer.idempotencyKey() + " was already used for a different response to request " + requestId, details));
    }
    if (HumanInputRequest.CANCELLED.equals(current.status())) {
      return Future.failedFuture(new ApiException(409, "request_cancelled",
          "request " + requestId + " was cancelled; it can no longer be answered", details));
    }
    return Future.failedFuture(new ApiException(409, "already_responded",
        "request " + requestId + " was already answered; the first response wins", details));
  }

  private static byte[] digest(Answer answer) {
    String canonical = answer.source() + "\u0000" + answer.sourceLabel() + "\u0000" + answer.responder() + "\u0000" + answer.isApprove() + "\u0000"
        + answer.feedback();
    return ApiKeys.digest(canonical);
  }

  /**
   * Cancels a pending request (its runtime no longer waits): a {@code human_input_cancelled}
   * event tells every client; 409 when it was already answered or cancelled.
   */
  public Future<HumanInputRequest> cancel(String requestId, String by) {
    requireUuid(requestId);
    String eventId = TimeOrderedIds.next();
    return pool.withTransaction(tx -> tx.preparedQuery(RequestQueries.CANCEL).execute(Tuple.of(requestId, eventId, by))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture((HumanInputRequest) null);
              }
              HumanInputRequest cancelled = HumanInputRequest.from(rows.iterator().next());
              return log.append(tx, List.of(HumanInputEvents.cancelled(cancelled)))
                  .compose(v -> lifecycle.cancelled(tx, cancelled, by))
                  .map(cancelled);
            }))
        .compose(cancelled -> cancelled != null ? Future.succeededFuture(cancelled)
            : get(requestId).compose(current -> Future.failedFuture(new ApiException(409, "not_pending",
                "request " + requestId + " is " + current.status() + "; only a pending request can be cancelled",
                new JsonObject().put("request", current.toJson())))));
  }

  /**
   * Assigns a pending request to {@code email} (or nobody when null); the change is recorded.
   * 409 when it is no longer pending.
   */
  public Future<HumanInputRequest> reassign(String requestId, String email, String by) {
    requireUuid(requestId);
    return pool.withTransaction(tx -> tx.preparedQuery(RequestQueries.REASSIGN)
        .execute(Tuple.of(requestId, email == null ? null : email.trim().toLowerCase(Locale.ROOT)))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture((HumanInputRequest) null);
              }
              Row row = rows.iterator().next();
              HumanInputRequest changed = HumanInputRequest.from(row);
              return log.append(tx, List.of(HumanInputEvents.reassigned(changed, row.getString("previous"))))
                  .compose(v -> lifecycle.reassigned(tx, changed, row.getString("previous"), by))
                  .map(changed);
            }))
        .compose(changed -> changed != null ? Future.succeededFuture(changed)
            : get(requestId).compose(current -> Future.failedFuture(new ApiException(409, "not_pending",
                "request " + requestId + " is " + current.status() + "; only a pending request can be reassigned",
                new JsonObject().put("request", current.toJson())))));
  }

  /** One request; 404 when unknown. */
  public Future<HumanInputRequest> get(String requestId) {
    requireUuid(requestId);
    return pool.preparedQuery(RequestQueries.BY_ID).execute(Tuple.of(requestId)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiException.notFound("no human-input request " + requestId))
        : Future.succeededFuture(HumanInputRequest.from(rows.iterator().next())));
  }

  /**
   * Requests, newest first, optionally of one execution, in one status and/or assigned to one
   * email (each null for any).
   */
  public Future<List<HumanInputRequest>> list(String executionId, String status, String assignee, int limit) {
    if (status != null && !HumanInputRequest.PENDING.equals(status) && !HumanInputRequest.COMPLETED.equals(status)
        && !HumanInputRequest.CANCELLED.equals(status)) {
      return Future.failedFuture(ApiException.badRequest("invalid_status",
          "status must be 'pending', 'completed' or 'cancelled'"));
    }
    return pool.preparedQuery(RequestQueries.LIST).execute(Tuple.of(executionId, status, assignee, limit))
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
