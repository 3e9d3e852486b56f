package io.hitl.gateway.notify;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** One event for one webhook, as recorded in the outbox (its payload apart). */
public record WebhookDelivery(String id, String webhookId, String event, String requestId, String status,
    int attempts, int replays, OffsetDateTime nextAttemptAt, Integer lastStatusCode, String lastError,
    OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime deliveredAt) {

  /** Waiting for its next attempt. */
  public static final String PENDING = "pending";
  /** Claimed by a worker, attempt in flight. */
  public static final String DELIVERING = "delivering";
  /** A 2xx answer was received. */
  public static final String DELIVERED = "delivered";
  /** Given up: a 4xx answer, or the last allowed attempt failed. */
  public static final String FAILED = "failed";

  /** Maps a row selected with {@link WebhookQueries#DELIVERY_COLUMNS}. */
  static WebhookDelivery from(Row row) {
    return new WebhookDelivery(row.getUUID("id").toString(), row.getUUID("webhook_id").toString(),
        row.getString("event"), row.getUUID("request_id").toString(), row.getString("status"),
        row.getInteger("attempts"), row.getInteger("replays"), row.getOffsetDateTime("next_attempt_at"),
        row.getInteger("last_status_code"), row.getString("last_error"), row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("delivered_at"));
  }

  /** The API representation. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("webhook_id", webhookId)
        .put("event", event)
        .put("request_id", requestId)
        .put("status", status)
        .put("attempts", attempts)
        .put("replays", replays)
        .put("next_attempt_at", PENDING.equals(status) ? Times.iso(nextAttemptAt) : null)
        .put("last_status_code", lastStatusCode)
        .put("last_error", lastError)
        .put("created_at", Times.iso(createdAt))
        .put("updated_at", Times.iso(updatedAt))
        .put("delivered_at", Times.iso(deliveredAt));
  }
}
