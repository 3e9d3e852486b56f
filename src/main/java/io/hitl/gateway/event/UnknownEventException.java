package io.hitl.gateway.event;

/** A cursor names an event id that is not in the log (or not in the requested execution). */
public final class UnknownEventException extends RuntimeException {

  /** @param eventId the id the client sent */
  public UnknownEventException(String eventId) {
    super("last_event_id " + eventId + " is not a known event of this stream", null, false, false);
  }
}
