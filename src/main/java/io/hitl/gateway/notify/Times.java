package io.hitl.gateway.notify;

import java.time.OffsetDateTime;

/** Timestamps as the API shows them: ISO 8601 in UTC. */
final class Times {

  private Times() {
  }

  static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
