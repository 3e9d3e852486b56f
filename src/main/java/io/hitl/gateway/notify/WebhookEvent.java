package io.hitl.gateway.notify;

import java.util.List;

/** The events a webhook may subscribe to. */
public final class WebhookEvent {

  /** A flow paused and requests human feedback (seed 001). */
  public static final String NEW_REQUEST = "new_request";
  /** A request was answered. */
  public static final String REQUEST_COMPLETED = "request_completed";
  /** Every event, also what a webhook subscribes to when it names none. */
  public static final List<String> ALL = List.of(NEW_REQUEST, REQUEST_COMPLETED);

  private WebhookEvent() {
  }
}
