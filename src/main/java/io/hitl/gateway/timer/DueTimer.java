package io.hitl.gateway.timer;

import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * A timer a worker has leased.
 *
 * @param kind {@link #AUTO_RESPONSE} or {@link #SLA}
 * @param defaultOutcome for auto-response: the settings' default outcome when the request was created
 * @param leaseToken the lease that guards settling it
 */
record DueTimer(String requestId, String kind, OffsetDateTime dueAt, String defaultOutcome, String leaseToken) {

  static final String AUTO_RESPONSE = "auto_response";
  static final String SLA = "sla";

  static DueTimer from(Row row) {
    return new DueTimer(row.getUUID("request_id").toString(), row.getString("kind"), row.getOffsetDateTime("due_at"),
        row.getString("default_outcome"), row.getUUID("lease_token").toString());
  }
}
