package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.GatewayProcess;
import io.hitl.gateway.support.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes started from the shaded jar share one PostgreSQL and nothing else: events
 * produced through either reach WebSocket, SSE and long-poll clients of the other.
 */
class MultiProcessIT {

  private static final Duration DELIVERY = Duration.ofSeconds(15);

  private static GatewayProcess a;
  private static GatewayProcess b;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    DatabaseTarget db = TestDatabases.fresh();
    // started together, as replicas of one deployment are: both migrate the same empty database
    a = GatewayProcess.start("multi-process-a", db);
    b = GatewayProcess.start("multi-process-b", db);
    a.awaitReady();
    b.awaitReady();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    for (GatewayProcess p : new GatewayProcess[] {a, b}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  void eventsProducedOnAReachEveryTransportOnB() {
    assertDelivered(a, b);
  }

  @Test
  void eventsProducedOnBReachEveryTransportOnA() {
    assertDelivered(b, a);
  }

  private static void assertDelivered(GatewayProcess producer, GatewayProcess consumer) {
    String exec = "exec-multi-" + UUID.randomUUID();
    try (EventCollector ws = EventCollector.webSocket(vertx, consumer.port(), "/ws/human-input/" + exec);
         EventCollector sse = EventCollector.sse(vertx, consumer.port(), "/events/human-input/" + exec, null);
         EventCollector poll = EventCollector.poll(vertx, consumer.port(), "/poll/human-input/" + exec, 10)) {
      JsonObject request = producer.http().createRequest(exec, "Ship it?");
      JsonObject answered = producer.http().respond(request.getString("request_id"), "yes");
      List<String> expected = List.of(request.getString("event_id"), answered.getString("completed_event_id"));
      for (EventCollector client : List.of(ws, sse, poll)) {
        try {
          client.awaitCount(2, DELIVERY);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\nproducer:" + producer.describe() + "\nconsumer:" + consumer.describe(), e);
        }
        assertEquals(expected, client.eventIds());
        assertEquals(List.of("human_input_required", "human_input_completed"),
            client.events().stream().map(e -> e.getString("type")).toList());
      }
    }
  }
}
