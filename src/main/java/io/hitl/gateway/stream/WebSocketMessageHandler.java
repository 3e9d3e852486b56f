package io.hitl.gateway.stream;

import io.hitl.gateway.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Answers a JSON message a WebSocket client sends in-band; the reply goes back on that socket. */
@FunctionalInterface
public interface WebSocketMessageHandler {

  /**
   * @param principal who opened the socket
   * @param message the parsed message, with a {@code type}
   * @return the reply to send; a failed future becomes an error message
   */
  Future<JsonObject> handle(Principal principal, JsonObject message);
}
