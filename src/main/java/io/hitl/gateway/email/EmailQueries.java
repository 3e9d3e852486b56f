package io.hitl.gateway.email;

/**
 * SQL of the email channel. A sender's changes to a notification are guarded by its
 * {@code lease_token}, so a sender whose lease expired and was taken over cannot record a result
 * twice.
 */
final class EmailQueries {

  static final String NOTIFICATION_COLUMNS = "notification_id, request_id, email, status, reason, token_expires_at,"
      + " attempts, message_id, created_at, updated_at, sent_at";

  static final String INSERT_NOTIFICATION = "insert into email_notifications"
      + " (notification_id, request_id, email, status, reason, token_expires_at)"
      + " values ($1::uuid, $2::uuid, $3, $4, $5, $6)";

  /** Pending notifications of request $1 that no sender holds become skipped with reason $2. */
  static final String SKIP_PENDING = "update email_notifications set status = 'skipped', reason = $2,"
      + " updated_at = clock_timestamp()"
      + " where request_id = $1::uuid and status = 'pending' and (lease_until is null or lease_until < clock_timestamp())";

  /** Takes the notification that has waited longest among those due and not held by a live lease. */
  static final String CLAIM = "update email_notifications set lease_token = $1::uuid,"
      + " lease_until = clock_timestamp() + make_interval(secs => $2), attempts = attempts + 1,"
      + " updated_at = clock_timestamp()"
      + " where notification_id = (select notification_id from email_notifications"
      + "   where status = 'pending' and next_attempt_at <= clock_timestamp()"
      + "   and (lease_until is null or lease_until < clock_timestamp())"
      + "   order by next_attempt_at limit 1 for update skip locked)"
      + " returning " + NOTIFICATION_COLUMNS;

  static final String MARK_SENT = "update email_notifications set status = 'sent', message_id = $3, reason = null,"
      + " sent_at = clock_timestamp(), updated_at = clock_timestamp(), lease_token = null, lease_until = null"
      + " where notification_id = $1::uuid and lease_token = $2::uuid";

  static final String RETRY_LATER = "update email_notifications set reason = $3,"
      + " next_attempt_at = clock_timestamp() + make_interval(secs => $4), updated_at = clock_timestamp(),"
      + " lease_token = null, lease_until = null"
      + " where notification_id = $1::uuid and lease_token = $2::uuid";

  /** Ends a notification without sending it: $3 is 'failed' or 'skipped', $4 the reason. */
  static final String FINISH_UNSENT = "update email_notifications set status = $3, reason = $4,"
      + " updated_at = clock_timestamp(), lease_token = null, lease_until = null"
      + " where notification_id = $1::uuid and lease_token = $2::uuid";

  static final String NOTIFICATION_BY_ID = "select " + NOTIFICATION_COLUMNS
      + " from email_notifications where notification_id = $1::uuid";

  static final String LIST_NOTIFICATIONS = "select " + NOTIFICATION_COLUMNS + " from email_notifications"
      + " where ($1::uuid is null or request_id = $1::uuid) and ($2::text is null or status = $2)"
      + " order by created_at desc, notification_id limit $3";

  static final String REPLY_COLUMNS = "reply_id, message_id, from_email, token, notification_id, request_id, channel,"
      + " status, reason_code, reason, feedback, outcome, confirmation_status, confirmation_error, received_at,"
      + " processed_at";

  /** Claims a message for processing; returns nothing when its Message-ID was seen before. */
  static final String CLAIM_REPLY = "insert into email_replies (reply_id, message_id, from_email, token, channel, status)"
      + " values ($1::uuid, $2, $3, $4, $5, 'processing') on conflict (message_id) do nothing returning " + REPLY_COLUMNS;

  static final String REPLY_BY_MESSAGE_ID = "select " + REPLY_COLUMNS + " from email_replies where message_id = $1";

  static final String FINISH_REPLY = "update email_replies set status = $2, reason_code = $3, reason = $4,"
      + " notification_id = $5::uuid, request_id = $6::uuid, feedback = $7, outcome = $8,"
      + " processed_at = clock_timestamp() where reply_id = $1::uuid returning " + REPLY_COLUMNS;

  static final String RECORD_CONFIRMATION = "update email_replies set confirmation_status = $2, confirmation_error = $3"
      + " where reply_id = $1::uuid returning " + REPLY_COLUMNS;

  static final String LIST_REPLIES = "select " + REPLY_COLUMNS + " from email_replies"
      + " where ($1::uuid is null or request_id = $1::uuid) and ($2::text is null or status = $2)"
      + " order by received_at desc, reply_id limit $3";

  private EmailQueries() {
  }
}
