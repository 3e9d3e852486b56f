package io.hitl.gateway.email;

import java.util.UUID;

/**
 * What became of one reply: accepted with its outcome, or rejected/ignored with a reason code and
 * a sentence that is both stored and sent to the responder.
 */
record Verdict(String status, String code, String reason, UUID notificationId, UUID requestId, String feedback,
    String outcome, String methodName) {

  static Verdict accepted(UUID notificationId, UUID requestId, String feedback, String outcome, String methodName) {
    return new Verdict(Reply.ACCEPTED, null, null, notificationId, requestId, feedback, outcome, methodName);
  }

  static Verdict rejected(String code, String reason) {
    return new Verdict(Reply.REJECTED, code, reason, null, null, null, null, null);
  }

  static Verdict ignored(String reason) {
    return new Verdict(Reply.IGNORED, "automatic", reason, null, null, null, null, null);
  }

  /** The same verdict, about this notification and request. */
  Verdict about(UUID notification, UUID request) {
    return new Verdict(status, code, reason, notification, request, feedback, outcome, methodName);
  }

  boolean accepted() {
    return Reply.ACCEPTED.equals(status);
  }
}
