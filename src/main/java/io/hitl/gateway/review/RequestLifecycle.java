package io.hitl.gateway.review;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Hears every change of a request's life inside the transaction that makes it, so that what it
 * writes (audit rows, webhook deliveries, timers) commits with the change or not at all. A failed
 * future rolls the change back.
 */
public interface RequestLifecycle {

  /** New pending requests (one create batch), already assigned. */
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
