package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.StalledClient;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that stops reading is disconnected once its backlog passes
 * {@code HITL_CLIENT_BACKLOG_BYTES}, with the documented signal, and loses nothing: resuming from
 * the last event it fully received gives it every later event exactly once.
 */
class SlowConsumerIT {

  private static final int BACKLOG_BYTES = 65536;
  private static final int PROMPT_BYTES = 48 * 1024;
  /** Far more than the backlog plus any kernel buffers (tcp_wmem max is 4 MiB); a safety stop. */
  private static final int MAX_EVENTS = 400;

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of("HITL_CLIENT_BACKLOG_BYTES", String.valueOf(BACKLOG_BYTES))));


  @Test
  void stalledWebSocketIsClosedWith4008AndResumesWithoutLoss() {
    String exec = "exec-slow-ws";
    String connections = "hitl_connections{transport=\"websocket\"}";
    String disconnects = "hitl_slow_consumer_disconnects_total{transport=\"websocket\"}";
    double disconnectsBefore = env.gateway().metric(disconnects);
    try (StalledClient stalled = StalledClient.webSocket(env.gateway().port(), "/ws/human-input/" + exec)) {
      awaitTrue(() -> env.gateway().metric(connections) == 1, "the stalled WebSocket to be registered");
      List<String> produced = produceUntil(exec, () -> env.gateway().metric(disconnects) > disconnectsBefore);

      // Reading again now receives what the gateway had queued before it gave up, then the close frame.
      StalledClient.WebSocketTranscript seen = StalledClient.decodeWebSocket(stalled.readToEnd(30_000));
      assertEquals(Integer.valueOf(WebSocketSubscription.SLOW_CONSUMER_CLOSE_CODE), seen.closeCode(),
          "close code for a slow consumer");
      awaitTrue(() -> env.gateway().metric(connections) == 0, "the WebSocket connection gauge to go back to 0");

      List<String> received = seen.texts().stream().map(t -> new JsonObject(t).getString("event_id")).toList();
      assertTrue(received.size() < produced.size(), "the stalled client cannot have received everything");
      assertEquals(produced.subList(0, received.size()), received, "what the stalled client got is a prefix, in order");

      String resumeFrom = received.isEmpty() ? "" : "?last_event_id=" + received.get(received.size() - 1);
      try (EventCollector resumed = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input/" + exec + resumeFrom)) {
        List<String> missed = produced.subList(received.size(), produced.size());
        resumed.awaitCount(missed.size(), Duration.ofSeconds(30));
        assertEquals(missed, resumed.eventIds(), "the resumed client gets exactly what it missed, in order");
      }
    }
  }

  @Test
  void stalledSseStreamGetsAnErrorFrameIsClosedAndResumesWithoutLoss() {
    String exec = "exec-slow-sse";
    String connections = "hitl_connections{transport=\"sse\"}";
    String disconnects = "hitl_slow_consumer_disconnects_total{transport=\"sse\"}";
    double disconnectsBefore = env.gateway().metric(disconnects);
    try (StalledClient stalled = StalledClient.sse(env.gateway().port(), "/events/human-input/" + exec)) {
      awaitTrue(() -> env.gateway().metric(connections) == 1, "the stalled SSE stream to be registered");
      List<String> produced = produceUntil(exec, () -> env.gateway().metric(disconnects) > disconnectsBefore);

      List<StalledClient.SseFrame> frames = StalledClient.decodeSse(stalled.readToEnd(30_000));
      assertTrue(!frames.isEmpty(), "the stalled client received no frame at all");
      StalledClient.SseFrame last = frames.get(frames.size() - 1);
      assertEquals("error", last.event(), "the last frame names the error; it was " + last);
      assertEquals("backlog_exceeded", last.json().getString("error"));
      awaitTrue(() -> env.gateway().metric(connections) == 0, "the SSE connection gauge to go back to 0");

      List<String> received = frames.stream()
          .filter(f -> f.event() == null && !"heartbeat".equals(f.json().getString("type")))
          .map(f -> f.json().getString("event_id")).toList();
      assertTrue(received.size() < produced.size(), "the stalled client cannot have received everything");
      assertEquals(produced.subList(0, received.size()), received, "what the stalled client got is a prefix, in order");

      String lastReceived = received.isEmpty() ? null : received.get(received.size() - 1);
      try (EventCollector resumed = EventCollector.sse(env.vertx(), env.gateway().port(), "/events/human-input/" + exec, lastReceived)) {
        List<String> missed = produced.subList(received.size(), produced.size());
        resumed.awaitCount(missed.size(), Duration.ofSeconds(30));
        assertEquals(missed, resumed.eventIds(), "the resumed client gets exactly what it missed, in order");
      }
    }
  }

  /** Opens large requests one by one until {@code dropped} holds; returns their event ids in order. */
  private static List<String> produceUntil(String exec, BooleanSupplier dropped) {
    String prompt = "x".repeat(PROMPT_BYTES);
    List<String> eventIds = new ArrayList<>();
    while (!dropped.getAsBoolean()) {
      assertTrue(eventIds.size() < MAX_EVENTS, "the gateway never disconnected the client that stopped reading");
      eventIds.add(env.gateway().createRequest(exec, prompt).getString("event_id"));
    }
    assertEquals(eventIds.size(), new HashSet<>(eventIds).size());
    assertNotNull(eventIds.get(0));
    return eventIds;
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
