package io.hitl.gateway.review;

import io.hitl.gateway.store.SqlWrite;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Hears every change of a request's life inside the statement or transaction that makes it, so
 * that what it writes (audit rows, webhook deliveries, timers) commits with the change or not at
 * all. A failed future rolls the change back.
 */
public interface RequestLifecycle {

  /**
   * The name under which the statement that creates requests offers their inserted rows
   * ({@code human_input_requests} columns) to {@link #createdWrites}.
   */
  String CREATED = "created";

  /**
   * Writes for new requests that go into the very statement that creates them: what needs
   * nothing the database generates, or reads it from the inserted rows as {@link #CREATED}. A
   * create whose listeners only write this way commits as one statement, without a transaction.
   *
   * @param planned the new requests as they are being stored, without what the database sets
   *     ({@code created_at}, {@code sla_due_at})
   */
  default List<SqlWrite> createdWrites(List<HumanInputRequest> planned) {
    return List.of();
  }

  /**
   * Whether {@link #created} writes anything for requests created now, judged from cached state
   * (the active webhooks, say). When no listener does, a create skips the transaction and that
   * call. True unless a listener knows better, so that a forgotten override costs speed, not data.
   */
  default Future<Boolean> writesAfterCreate(SqlClient client) {
    return Future.succeededFuture(true);
  }

  /**
   * New pending requests (one create batch) as stored, in the creating transaction: for writes
   * that need the stored rows in Java (webhook bodies, notification emails).
   */
  default Future<Void> created(SqlClient tx, List<HumanInputRequest> created) {
    return Future.succeededFuture();
  }

  /** A request answered (by a person, the API, email or auto-response). */
  default Future<Void> answered(SqlClient tx, HumanInputRequest answered) {
    return Future.succeededFuture();
  }

  /** A pending request cancelled by its runtime. */
  default Future<Void> cancelled(SqlClient tx, HumanInputRequest cancelled, String by) {
    return Future.succeededFuture();
  }

  /** A pending request assigned to someone else. */
  default Future<Void> reassigned(SqlClient tx, HumanInputRequest request, String previousAssignee, String by) {
    return Future.succeededFuture();
  }

  /**
   * Calls every listener at once: their statements are independent, so they go out pipelined on
   * the transaction's connection instead of one round trip after another. Any failure fails the
   * whole (and rolls the change back).
   */
  static RequestLifecycle all(List<RequestLifecycle> listeners) {
    return new RequestLifecycle() {
      @Override
      public List<SqlWrite> createdWrites(List<HumanInputRequest> planned) {
        List<SqlWrite> writes = new ArrayList<>();
        listeners.forEach(l -> writes.addAll(l.createdWrites(planned)));
        return writes;
      }

      @Override
      public Future<Boolean> writesAfterCreate(SqlClient client) {
        List<Future<Boolean>> answers = new ArrayList<>(listeners.size());
        listeners.forEach(l -> answers.add(l.writesAfterCreate(client)));
        return Future.all(answers).map(all -> answers.stream().anyMatch(Future::result));
      }

      @Override
      public Future<Void> created(SqlClient tx, List<HumanInputRequest> created) {
        return each(l -> l.created(tx, created));
      }

      @Override
      public Future<Void> answered(SqlClient tx, HumanInputRequest answered) {
        return each(l -> l.answered(tx, answered));
      }

      @Override
      public Future<Void> cancelled(SqlClient tx, HumanInputRequest cancelled, String by) {
        return each(l -> l.cancelled(tx, cancelled, by));
      }

      @Override
      public Future<Void> reassigned(SqlClient tx, HumanInputRequest request, String previousAssignee, String by) {
        return each(l -> l.reassigned(tx, request, previousAssignee, by));
      }

      private Future<Void> each(Function<RequestLifecycle, Future<Void>> call) {
        List<Future<Void>> calls = new ArrayList<>(listeners.size());
        for (RequestLifecycle l : listeners) {
          calls.add(call.apply(l));
        }
        return Future.all(calls).mapEmpty();
      }
    };
  }
}
