package io.hitl.gateway.event;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * An event as read back from the log, with its wire encodings computed once and shared by every
 * connection that receives it. Immutable, safe to hand across event loops.
 */
public final class StoredEvent {

  private final Position position;
  private final String eventId;
  private final String executionId;
  private final String type;
  private final String json;
  private final long createdAtMillis;
  private final byte[] utf8;
  private final Buffer sseFrame;
  private volatile String[] concerned;

  /**
   * @param json the event exactly as stored, a JSON object
   * @param createdAtMillis when it was appended, for the delivery latency figure
   */
  public StoredEvent(Position position, String eventId, String executionId, String type, String json,
      long createdAtMillis) {
    this.position = position;
    this.eventId = eventId;
    this.executionId = executionId;
    this.type = type;
    this.json = json;
    this.createdAtMillis = createdAtMillis;
    this.utf8 = json.getBytes(StandardCharsets.UTF_8);
    this.sseFrame = Buffer.buffer(("id: " + eventId + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  public Position position() {
    return position;
  }

  public String eventId() {
    return eventId;
  }

  public String executionId() {
    return executionId;
  }

  public String type() {
    return type;
  }

  /** The event as a JSON object text. */
  public String json() {
    return json;
  }

  public long createdAtMillis() {
    return createdAtMillis;
  }

  /**
   * True when the event is about a request assigned (now or, for a reassignment, before) to
   * {@code email}. Parses the JSON on first use only: most events never need it.
   */
  public boolean concerns(String email) {
    String[] emails = concerned;
    if (emails == null) {
      JsonObject parsed = new JsonObject(json);
      emails = new String[] {parsed.getString("assigned_to_email"), parsed.getString("previous_assigned_to_email")};
      concerned = emails;
    }
    return email.equalsIgnoreCase(emails[0]) || email.equalsIgnoreCase(emails[1]);
  }

  /** The JSON as UTF-8 bytes, shared: never modify. */
  public byte[] utf8() {
    return utf8;
  }

  /** The Server-Sent Events frame ({@code id:} and {@code data:} lines), shared: never modify. */
  public Buffer sseFrame() {
    return sseFrame;
  }
}
