package io.hitl.gateway.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * The append-only record of what happened to requests and configuration. Entries are written in
 * the transaction of the change they describe, so the trail never claims a change that did not
 * commit, nor misses one that did.
 */
@FunctionalInterface
public interface AuditTrail {

  /**
   * Appends one entry.
   *
   * @param action what happened, e.g. {@code request.created}, {@code request.responded},
   *     {@code settings.updated}
   * @param actor who did it: an email, {@code api}, {@code auto}, {@code system}
   * @param requestId the request concerned, or null
   * @param details anything else worth keeping (source, outcome, before/after values)
   */
  Future<Void> record(SqlClient tx, String action, String actor, String requestId, JsonObject details);

  /** Keeps nothing: for wiring before the real trail exists. */
  AuditTrail NONE = (tx, action, actor, requestId, details) -> Future.succeededFuture();
}
