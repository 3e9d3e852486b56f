package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A WebSocket client answers requests in-band and gets a reply on the same socket for every message. */
class WebSocketResponseIT {

  private static final int MAX_MESSAGE_BYTES = 4096;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of("HITL_MAX_WS_MESSAGE_BYTES", String.valueOf(MAX_MESSAGE_BYTES))));


  @Test
  void answersAreAcceptedOnceAndBadMessagesGetErrorsOnAUsableSocket() {
    String exec = "exec-ws-answer";
    try (EventCollector ws = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input/" + exec)) {
      String requestId = env.gateway().createRequest(exec, "Approve?").getString("request_id");
      awaitType(ws, "human_input_required", 1);

      ws.sendText(answer(requestId, "yes").encode());
      JsonObject accepted = awaitType(ws, "human_input_response_accepted", 1);
      assertEquals(requestId, accepted.getString("request_id"));
      JsonObject completed = awaitType(ws, "human_input_completed", 1);
      assertEquals("yes", completed.getString("human_feedback"));
      assertEquals(requestId, completed.getString("request_id"));

      ws.sendText(answer(requestId, "no, wait").encode());
      assertEquals("already_responded", awaitType(ws, "error", 1).getString("error"));

      ws.sendText("{not json");
      assertEquals("malformed_json", awaitType(ws, "error", 2).getString("error"));

      ws.sendText(answer(UUID.randomUUID().toString(), "to nobody").encode());
      assertEquals("not_found", awaitType(ws, "error", 3).getString("error"));

      // Still usable after the bad messages: a second request is answered on the same socket.
      String second = env.gateway().createRequest(exec, "And this?").getString("request_id");
      awaitType(ws, "human_input_required", 2);
      ws.sendText(answer(second, "fine").encode());
      assertEquals(second, awaitType(ws, "human_input_response_accepted", 2).getString("request_id"));
      awaitType(ws, "human_input_completed", 2);
      assertEquals(3, ofType(ws, "error").size(), "exactly one error per bad message");
      assertEquals("completed", new JsonObject(env.gateway().get("/api/v1/human-input-requests/" + requestId).body())
          .getString("status"));
      assertEquals("yes", new JsonObject(env.gateway().get("/api/v1/human-input-requests/" + requestId).body())
          .getString("human_feedback"), "the second answer changed nothing");
    }
  }

  @Test
  void aMessageLargerThanTheLimitClosesTheSocketWith1009() {
    try (EventCollector ws = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input/exec-ws-big")) {
      ws.sendText(answer(UUID.randomUUID().toString(), "x".repeat(MAX_MESSAGE_BYTES + 100)).encode());
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!ws.isClosed() && System.nanoTime() < deadline) {
        sleep(20);
      }
      assertTrue(ws.isClosed(), "the gateway kept a socket that sent an oversized message");
      assertEquals(Short.valueOf((short) 1009), ws.closeCode());
    }
  }

  @Test
  void aFragmentedMessageLargerThanTheLimitAlsoClosesTheSocketWith1009() {
    try (EventCollector ws = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input/exec-ws-frags")) {
      // Every frame is under the limit; only the message as a whole is over it.
      ws.sendFragmented(answer(UUID.randomUUID().toString(), "x".repeat(MAX_MESSAGE_BYTES * 2)).encode(), MAX_MESSAGE_BYTES / 4);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!ws.isClosed() && System.nanoTime() < deadline) {
        sleep(20);
      }
      assertTrue(ws.isClosed(), "the gateway kept a socket that sent an oversized fragmented message");
      assertEquals(Short.valueOf((short) 1009), ws.closeCode());
      assertTrue(ofType(ws, "error").isEmpty(), "no fragment was processed as a message: " + ws.events());
    }
  }

  private static JsonObject answer(String requestId, String feedback) {
    return new JsonObject().put("type", "human_input_response").put("request_id", requestId).put("human_feedback", feedback);
  }

  /** Waits for the {@code n}th message of a type and returns it. */
  private static JsonObject awaitType(EventCollector ws, String type, int n) {
    ws.await(list -> list.stream().filter(m -> type.equals(m.getString("type"))).count() >= n, WAIT, n + " x " + type);
    return ofType(ws, type).get(n - 1);
  }

  private static List<JsonObject> ofType(EventCollector ws, String type) {
    return ws.events().stream().filter(m -> type.equals(m.getString("type"))).toList();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
