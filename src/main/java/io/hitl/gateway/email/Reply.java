package io.hitl.gateway.email;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One inbound reply as stored, accepted or not: what came in, what became of it and whether the
 * responder was told.
 *
 * @param status {@code accepted}, {@code rejected}, {@code ignored} (automatic mail) or
 *     {@code processing}
 * @param reasonCode for a rejection: {@code unknown_request}, {@code invalid_token},
 *     {@code expired}, {@code wrong_sender}, {@code already_answered}, {@code cancelled},
 *     {@code reassigned}, {@code empty_reply}, {@code no_sender}; {@code automatic} when ignored
 * @param confirmationStatus whether the confirmation or error email went out: {@code sent},
 *     {@code failed}, {@code skipped}
 */
record Reply(UUID replyId, String messageId, String from, UUID notificationId, UUID requestId, String channel,
    String status, String reasonCode, String reason, String feedback, String outcome, String confirmationStatus,
    String confirmationError, OffsetDateTime receivedAt, OffsetDateTime processedAt) {

  static final String ACCEPTED = "accepted";
  static final String REJECTED = "rejected";
  static final String IGNORED = "ignored";
  static final String PROCESSING = "processing";

  static Reply from(Row row) {
    return new Reply(row.getUUID("reply_id"), row.getString("message_id"), row.getString("from_email"),
        row.getUUID("notification_id"), row.getUUID("request_id"), row.getString("channel"), row.getString("status"),
        row.getString("reason_code"), row.getString("reason"), row.getString("feedback"), row.getString("outcome"),
        row.getString("confirmation_status"), row.getString("confirmation_error"), row.getOffsetDateTime("received_at"),
        row.getOffsetDateTime("processed_at"));
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("reply_id", replyId.toString())
        .put("message_id", messageId)
        .put("from", from)
        .put("notification_id", notificationId == null ? null : notificationId.toString())
        .put("request_id", requestId == null ? null : requestId.toString())
        .put("channel", channel)
        .put("status", status)
        .put("reason_code", reasonCode)
        .put("reason", reason)
        .put("feedback", feedback)
        .put("outcome", outcome)
        .put("confirmation_status", confirmationStatus)
        .put("confirmation_error", confirmationError)
        .put("received_at", Times.iso(receivedAt))
        .put("processed_at", Times.iso(processedAt));
  }
}
