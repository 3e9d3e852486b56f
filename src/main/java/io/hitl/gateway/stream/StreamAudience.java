package io.hitl.gateway.stream;

import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.vertx.ext.web.RoutingContext;

/** Which events a streaming client may receive, by its principal. */
final class StreamAudience {

  private StreamAudience() {
  }

  /**
   * Null when the principal sees every event (deployment keys, {@code manage_human_feedback});
   * the principal's email when it sees only its assigned requests' events
   * ({@code respond_to_human_feedback}); 403 when it may see none.
   */
  static String of(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    if (principal.manages()) {
      return null;
    }
    principal.require(Permission.RESPOND_TO_HUMAN_FEEDBACK);
    return principal.email();
  }
}
