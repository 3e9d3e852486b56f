package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every transport resumes after the event a client names: exactly the later events, in log order,
 * then live ones, with nothing lost or repeated at the seam; an id that is not an event of the
 * stream is refused with 400 {@code unknown_last_event_id}.
 */
class ResumeIT {

  private static final int BEFORE = 6;
  private static final int DURING = 15;

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.create();


  @Test
  void sseResumesFromTheLastEventIdHeader() {
    resumes("exec-resume-sse-header", after -> EventCollector.sse(env.vertx(), env.gateway().port(),
        "/events/human-input/exec-resume-sse-header", after));
  }

  @Test
  void sseResumesFromTheLastEventIdParameter() {
    resumes("exec-resume-sse-param", after -> EventCollector.sse(env.vertx(), env.gateway().port(),
        "/events/human-input/exec-resume-sse-param?last_event_id=" + after, null));
  }

  @Test
  void webSocketResumesFromTheLastEventIdParameter() {
    resumes("exec-resume-ws", after -> EventCollector.webSocket(env.vertx(), env.gateway().port(),
        "/ws/human-input/exec-resume-ws?last_event_id=" + after));
  }

  @Test
  void pollResumesFromTheLastEventIdParameter() {
    resumes("exec-resume-poll", after -> EventCollector.poll(env.vertx(), env.gateway().port(),
        "/poll/human-input/exec-resume-poll", 5, after));
  }

  @Test
  void allExecutionsWebSocketResumesFromTheLastEventIdParameter() {
    // Only this test's execution produces while it runs, so the all-executions tail is its events.
    resumes("exec-resume-ws-all", after -> EventCollector.webSocket(env.vertx(), env.gateway().port(),
        "/ws/human-input?last_event_id=" + after));
  }

  /**
   * Produces events, resumes a client from the third while more are produced, and checks it got
   * exactly the events after the third, in log order.
   */
  private static void resumes(String exec, Function<String, EventCollector> resumeAfter) {
    for (int i = 0; i < BEFORE; i++) {
      env.gateway().createRequest(exec, "before " + i);
    }
    String cursor = logOf(exec).get(2);
    CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < DURING; i++) {
        env.gateway().createRequest(exec, "during " + i);
        sleep(20);
      }
    });
    try (EventCollector resumed = resumeAfter.apply(cursor)) {
      producing.join();
      List<String> log = logOf(exec);
      List<String> expected = log.subList(log.indexOf(cursor) + 1, log.size());
      resumed.awaitCount(expected.size(), Duration.ofSeconds(20));
      sleep(300);
      assertEquals(expected, resumed.eventIds().stream().filter(id -> log.contains(id)).toList(),
          "exactly the later events of the execution, in log order");
      assertEquals(expected.size(), resumed.eventIds().size(), "no other event");
    }
  }

  @Test
  void unknownMalformedOrForeignEventIdsAreRefusedOnEveryTransport() throws Exception {
    env.gateway().createRequest("exec-foreign", "p");
    env.gateway().createRequest("exec-mine", "p");
    String foreign = logOf("exec-foreign").get(0);
    List<String> refused = List.of(UUID.randomUUID().toString(), "not-an-id", foreign);
    for (String id : refused) {
      assertUnknown(env.gateway().get("/events/human-input/exec-mine?last_event_id=" + id), "SSE parameter " + id);
      assertUnknown(TestGateway.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(env.gateway().url("/events/human-input/exec-mine")))
          .header("Authorization", "Bearer " + TestGateway.API_KEY).header("Last-Event-ID", id).GET()),
          "SSE header " + id);
      assertUnknown(env.gateway().get("/poll/human-input/exec-mine?last_event_id=" + id), "poll " + id);
      assertUnknown(env.gateway().get("/poll/human-input/exec-mine?timeout=2&last_event_id=" + id), "held poll " + id);
      assertWebSocketRefused("/ws/human-input/exec-mine?last_event_id=" + id);
    }
    // On the all-executions streams every real event id is known; made-up ones are not.
    String unknown = UUID.randomUUID().toString();
    assertUnknown(env.gateway().get("/events/human-input?last_event_id=" + unknown), "SSE all");
    assertUnknown(env.gateway().get("/poll/human-input?last_event_id=" + unknown), "poll all");
    assertWebSocketRefused("/ws/human-input?last_event_id=" + unknown);
  }

  private static void assertUnknown(HttpResponse<String> response, String what) {
    assertEquals(400, response.statusCode(), what + ": " + response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), what);
    assertEquals("unknown_last_event_id", new JsonObject(response.body()).getString("error"), what);
  }

  private static void assertWebSocketRefused(String path) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(env.gateway().port())
        .setURI(path + "&token=" + TestGateway.API_KEY);
    Throwable failure;
    // Held in a variable until closed: Vert.x closes a client that becomes unreachable, even mid-handshake.
    WebSocketClient client = env.vertx().createWebSocketClient();
    try {
      client.connect(options).await();
      throw new AssertionError("the WebSocket handshake to " + path + " was accepted");
    } catch (UpgradeRejectedException e) {
      failure = e;
    } finally {
      client.close();
    }
    UpgradeRejectedException rejected = (UpgradeRejectedException) failure;
    assertEquals(400, rejected.getStatus(), path);
    assertEquals("unknown_last_event_id", new JsonObject(rejected.getBody()).getString("error"), path);
  }

  /** Every event id of an execution, in log order, as an immediate poll returns it. */
  static List<String> logOf(String exec) {
    JsonArray events = new JsonObject(env.gateway().get("/poll/human-input/" + exec).body()).getJsonArray("events");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      ids.add(events.getJsonObject(i).getString("event_id"));
    }
    return ids;
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
