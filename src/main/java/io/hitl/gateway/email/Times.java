package io.hitl.gateway.email;

import java.time.OffsetDateTime;

/** Timestamps as the API writes them: ISO-8601 in UTC. */
final class Times {

  private Times() {
  }

  static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
