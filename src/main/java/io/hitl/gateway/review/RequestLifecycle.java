package io.hitl.gateway.review;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

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

  /** Calls each listener in turn, in order. */
  static RequestLifecycle all(List<RequestLifecycle> listeners) {
    return new RequestLifecycle() {
      @Override
      public Future<Void> created(SqlClient tx, List<HumanInputRequest> created) {
        Future<Void> chain = Future.succeededFuture();
        for (RequestLifecycle l : listeners) {
          chain = chain.compose(v -> l.created(tx, created));
        }
        return chain;
      }

      @Override
      public Future<Void> answered(SqlClient tx, HumanInputRequest answered) {
        Future<Void> chain = Future.succeededFuture();
        for (RequestLifecycle l : listeners) {
          chain = chain.compose(v -> l.answered(tx, answered));
        }
        return chain;
      }

      @Override
      public Future<Void> cancelled(SqlClient tx, HumanInputRequest cancelled, String by) {
        Future<Void> chain = Future.succeededFuture();
        for (RequestLifecycle l : listeners) {
          chain = chain.compose(v -> l.cancelled(tx, cancelled, by));
        }
        return chain;
      }

      @Override
      public Future<Void> reassigned(SqlClient tx, HumanInputRequest request, String previousAssignee, String by) {
        Future<Void> chain = Future.succeededFuture();
        for (RequestLifecycle l : listeners) {
          chain = chain.compose(v -> l.reassigned(tx, request, previousAssignee, by));
        }
        return chain;
      }
    };
  }
}
