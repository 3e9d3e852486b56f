package io.hitl.gateway.notify;

import io.hitl.gateway.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The delivery outbox: deliveries are queued inside the transaction of the request change they
 * announce, read back for the delivery log, and queued again on replay. The worker's side (claims
 * and outcomes) is {@link WebhookDeliveryWorker}'s.
 */
public final class WebhookDeliveries {

  /** One delivery to queue: {@code payload} is the exact body that will be signed and sent. */
  record Queued(UUID webhookId, String event, String requestId, String payload) {
  }

  private final Pool pool;

  public WebhookDeliveries(Pool pool) {
    this.pool = pool;
  }

  /** Queues {@code deliveries} as part of {@code tx}. */
  static Future<Void> enqueue(SqlClient tx, List<Queued> deliveries) {
    if (deliveries.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = deliveries.size();
    UUID[] ids = new UUID[n];
    UUID[] webhooks = new UUID[n];
    String[] events = new String[n];
    UUID[] requests = new UUID[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      Queued q = deliveries.get(i);
      ids[i] = UUID.randomUUID();
      webhooks[i] = q.webhookId();
      events[i] = q.event();
      requests[i] = UUID.fromString(q.requestId());
      payloads[i] = q.payload();
    }
    return tx.preparedQuery(WebhookQueries.ENQUEUE).execute(Tuple.of(ids, webhooks, events, requests, payloads))
        .mapEmpty();
  }

  /** The newest deliveries of a webhook, optionally in one status. */
  public Future<List<WebhookDelivery>> of(String webhookId, String status, int limit) {
    return pool.preparedQuery(WebhookQueries.DELIVERIES_OF).execute(Tuple.of(webhookId, status, limit)).map(rows -> {
      List<WebhookDelivery> list = new ArrayList<>(rows.size());
      rows.forEach(row -> list.add(WebhookDelivery.from(row)));
      return list;
    });
  }

  /**
   * One delivery with its {@code payload} (the exact body sent) and {@code attempt_log}; 404 when
   * unknown.
   */
  public Future<JsonObject> get(String deliveryId) {
    requireUuid(deliveryId);
    return pool.preparedQuery(WebhookQueries.DELIVERY).execute(Tuple.of(deliveryId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("no webhook delivery " + deliveryId));
      }
      Row row = rows.iterator().next();
      JsonObject delivery = WebhookDelivery.from(row).toJson().put("payload", row.getString("payload"));
      return pool.preparedQuery(WebhookQueries.ATTEMPTS_OF).execute(Tuple.of(deliveryId)).map(attempts -> {
        JsonArray log = new JsonArray();
        attempts.forEach(a -> log.add(new JsonObject()
            .put("attempt", a.getInteger("attempt"))
            .put("status_code", a.getInteger("status_code"))
            .put("error", a.getString("error"))
            .put("duration_ms", a.getLong("duration_ms"))
            .put("attempted_at", Times.iso(a.getOffsetDateTime("attempted_at")))));
        return delivery.put("attempt_log", log);
      });
    });
  }

  /**
   * Queues a delivered or failed delivery again, with the same payload and a fresh attempt budget;
   * it is signed anew when sent. 404 when unknown, 409 while it is still pending or in flight.
   */
  public Future<WebhookDelivery> replay(String deliveryId) {
    requireUuid(deliveryId);
    return pool.preparedQuery(WebhookQueries.REPLAY).execute(Tuple.of(deliveryId)).compose(rows -> rows.size() > 0
        ? Future.succeededFuture(WebhookDelivery.from(rows.iterator().next()))
        : get(deliveryId).compose(current -> {
          current.remove("payload");
          current.remove("attempt_log");
          return Future.failedFuture(new ApiException(409, "not_settled", "delivery " + deliveryId + " is "
              + current.getString("status") + "; only a delivered or failed delivery can be replayed",
              new JsonObject().put("delivery", current)));
        }));
  }

  private static void requireUuid(String id) {
    if (!Ids.isUuid(id)) {
      throw ApiException.notFound("no webhook delivery " + id);
    }
  }
}
