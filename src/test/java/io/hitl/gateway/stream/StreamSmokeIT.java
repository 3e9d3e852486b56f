package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each transport delivers a request's two events, live, in order. */
class StreamSmokeIT {

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.create();


  @Test
  void everyTransportReceivesRequiredThenCompleted() {
    String exec = "exec-smoke";
    try (EventCollector ws = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input/" + exec);
         EventCollector sse = EventCollector.sse(env.vertx(), env.gateway().port(), "/events/human-input/" + exec, null);
         EventCollector poll = EventCollector.poll(env.vertx(), env.gateway().port(), "/poll/human-input/" + exec, 10)) {
      JsonObject created = new JsonObject(env.gateway().post("/api/v1/human-input-requests",
          "{\"execution_id\":\"" + exec + "\",\"task_id\":\"t\",\"prompt\":\"p\"}").body());
      env.gateway().post("/api/v1/human-input-requests/" + created.getString("request_id") + "/response",
          "{\"human_feedback\":\"ok\"}");
      for (EventCollector c : List.of(ws, sse, poll)) {
        List<JsonObject> events = c.awaitCount(2, Duration.ofSeconds(10));
        assertEquals(List.of("human_input_required", "human_input_completed"),
            events.stream().map(e -> e.getString("type")).toList());
      }
    }
  }

  @Test
  void metricsCountConnectionsAppendsAndDeliveries() {
    String exec = "exec-metrics";
    try (EventCollector ws = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input/" + exec);
         EventCollector sse = EventCollector.sse(env.vertx(), env.gateway().port(), "/events/human-input/" + exec, null)) {
      env.gateway().post("/api/v1/human-input-requests", "{\"execution_id\":\"" + exec + "\",\"task_id\":\"t\",\"prompt\":\"p\"}");
      ws.awaitCount(1, Duration.ofSeconds(10));
      sse.awaitCount(1, Duration.ofSeconds(10));
      // Counters move on the gateway's event loop just after the write, so read them until they settle.
      for (String metric : List.of("hitl_connections{transport=\"websocket\"}", "hitl_connections{transport=\"sse\"}",
          "hitl_events_appended_total", "hitl_events_delivered_total{transport=\"websocket\"}",
          "hitl_events_delivered_total{transport=\"sse\"}")) {
        Poll.until(() -> env.gateway().metric(metric) >= 1, Duration.ofSeconds(5), () -> metric + " stayed below 1");
      }
      assertTrue(env.gateway().get("/metrics").body().contains("hitl_delivery_latency_seconds_bucket{transport=\"sse\",le="), "latency is a histogram");
    }
  }

  @Test
  void eventsReplayedFromHistoryCountAsDelivered() {
    String exec = "exec-metrics-history";
    env.gateway().post("/api/v1/human-input-requests", "{\"execution_id\":\"" + exec + "\",\"task_id\":\"t\",\"prompt\":\"p\"}");
    String metric = "hitl_events_delivered_total{transport=\"websocket\"}";
    double before = env.gateway().metric(metric);
    try (EventCollector ws = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input/" + exec)) {
      ws.awaitCount(1, Duration.ofSeconds(10));
      Poll.until(() -> env.gateway().metric(metric) >= before + 1, Duration.ofSeconds(5),
          () -> "the replayed event was not counted: " + metric + " = " + env.gateway().metric(metric) + ", before " + before);
    }
  }
}
