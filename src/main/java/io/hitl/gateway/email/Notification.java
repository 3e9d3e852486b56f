package io.hitl.gateway.email;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One notification email of a request, as stored: sent, waiting to be sent, or why not.
 *
 * @param status {@code pending}, {@code sent}, {@code failed} or {@code skipped}
 * @param reason why it was skipped or failed, or the last transient error while pending
 */
record Notification(UUID notificationId, String requestId, String email, String status, String reason,
    OffsetDateTime tokenExpiresAt, int attempts, String messageId, OffsetDateTime createdAt,
    OffsetDateTime updatedAt, OffsetDateTime sentAt) {

  static final String PENDING = "pending";
  static final String SENT = "sent";
  static final String FAILED = "failed";
  static final String SKIPPED = "skipped";

  static Notification from(Row row) {
    return new Notification(row.getUUID("notification_id"), row.getUUID("request_id").toString(), row.getString("email"),
        row.getString("status"), row.getString("reason"), row.getOffsetDateTime("token_expires_at"),
        row.getInteger("attempts"), row.getString("message_id"), row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("sent_at"));
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("notification_id", notificationId.toString())
        .put("request_id", requestId)
        .put("email", email)
        .put("status", status)
        .put("reason", reason)
        .put("attempts", attempts)
        .put("message_id", messageId)
        .put("token_expires_at", Times.iso(tokenExpiresAt))
        .put("created_at", Times.iso(createdAt))
        .put("updated_at", Times.iso(updatedAt))
        .put("sent_at", Times.iso(sentAt));
  }
}
