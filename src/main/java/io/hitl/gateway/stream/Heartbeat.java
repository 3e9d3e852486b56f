package io.hitl.gateway.stream;

import io.hitl.gateway.event.EventTypes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** One keep-alive tick, encoded once and shared by every connection of an event loop. */
public final class Heartbeat {

  private static final Buffer PING_PAYLOAD = Buffer.buffer("hb");

  private final Buffer sseFrame;

  private Heartbeat(Buffer sseFrame) {
    this.sseFrame = sseFrame;
  }

  /** A heartbeat stamped with the current time. */
  public static Heartbeat now() {
    String json = new JsonObject().put("type", EventTypes.HEARTBEAT).put("timestamp", Instant.now().toString()).encode();
    return new Heartbeat(Buffer.buffer(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8)));
  }

  /** The SSE heartbeat event: a {@code data:} line without an {@code id:}, so it moves no cursor. */
  public Buffer sseFrame() {
    return sseFrame;
  }

  /** The WebSocket ping payload. */
  public Buffer pingPayload() {
    return PING_PAYLOAD;
  }
}
