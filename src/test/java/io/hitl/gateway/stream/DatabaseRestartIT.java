package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.GatewayHttp;
import io.hitl.gateway.support.LockWaits;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.RestartablePostgres;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops and starts again while clients are connected: the gateway stays up, reports
 * itself not ready and refuses producers with 503 meanwhile, and afterwards delivers new events to
 * the same streaming connections and poll client without being restarted.
 */
class DatabaseRestartIT {

  private static final Duration NOTICED_WITHIN = Duration.ofSeconds(5);
  /** The dispatcher's LISTEN reconnect backs off to 5 s at most, and the pool must reconnect too. */
  private static final Duration RECOVERED_WITHIN = Duration.ofSeconds(20);
  private static final Duration DELIVERY = Duration.ofSeconds(15);
  /** Longer than two heartbeats (3 s) and the poll client's 5-second rounds. */
  private static final Duration OUTAGE = Duration.ofSeconds(7);
  private static final String CREATE = "/api/v1/human-input-requests";

  private RestartablePostgres postgres;
  private TestGateway gateway;
  private Vertx vertx;

  @BeforeEach
  void start() {
    postgres = RestartablePostgres.create();
    gateway = TestGateway.start(postgres.target(), Map.of());
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void clientsKeepReceivingEventsAcrossADatabaseRestart() throws Exception {
    GatewayHttp http = gateway.http();
    String exec = "exec-db-restart";
    try (EventCollector ws = EventCollector.webSocket(vertx, gateway.port(), "/ws/human-input/" + exec);
         EventCollector sse = EventCollector.sse(vertx, gateway.port(), "/events/human-input/" + exec, null);
         EventCollector poll = EventCollector.poll(vertx, gateway.port(), "/poll/human-input/" + exec, 5)) {
      List<EventCollector> clients = List.of(ws, sse, poll);
      JsonObject before = http.createRequest(exec, "Before the restart?");
      for (EventCollector client : clients) {
        client.awaitCount(1, DELIVERY);
      }

      CompletableFuture<HttpResponse<String>> inFlight = producerBlockedInDatabaseWhile(http, exec, postgres::stop);
      String committedInFlight = committedOrUnavailable(inFlight.get(30, TimeUnit.SECONDS));
      http.awaitStatus("/health/ready", 503, NOTICED_WITHIN);
      http.awaitStatus("/health", 503, NOTICED_WITHIN);
      assertEquals(200, http.probe("/health/live").statusCode(), "the gateway process must stay up");
      awaitDatabaseCheck(http, "down");

      assertDatabaseUnavailable(http.post(CREATE, newRequest(exec, "During the outage?")), "a producer call during the outage");

      // an outage of several heartbeats and poll rounds, which the open connections must survive
      Poll.sleep(OUTAGE);
      assertFalse(ws.isClosed(), "the WebSocket closed during the outage");
      assertFalse(sse.isClosed(), "the SSE stream closed during the outage");
      assertDatabaseUnavailable(http.post(CREATE, newRequest(exec, "Late in the outage?")), "a producer call late in the outage");

      postgres.start();
      http.awaitStatus("/health/ready", 200, RECOVERED_WITHIN);
      assertEquals(200, http.probe("/health").statusCode());
      awaitDatabaseCheck(http, "up");

      JsonObject answered = http.respond(before.getString("request_id"), "after the restart");
      JsonObject after = http.createRequest(exec, "After the restart?");
      List<String> expected = new ArrayList<>(List.of(before.getString("event_id")));
      if (committedInFlight != null) {
        expected.add(committedInFlight);
      }
      expected.addAll(List.of(answered.getString("completed_event_id"), after.getString("event_id")));
      for (EventCollector client : clients) {
        client.awaitCount(expected.size(), DELIVERY);
        assertEquals(expected, client.eventIds());
      }
      assertFalse(ws.isClosed(), "the WebSocket should have stayed open through the outage");
      assertFalse(sse.isClosed(), "the SSE stream should have stayed open through the outage");
      List<String> notUnavailable = poll.errors().stream()
          .filter(e -> !e.startsWith("status 503: {\"error\":\"database_unavailable\"")).distinct().toList();
      assertTrue(notUnavailable.isEmpty(), "polls during the outage should fail only with 503 database_unavailable,"
          + " also got: " + notUnavailable);
    }
  }

  /**
   * Starts a producer call that PostgreSQL holds on a table lock, runs {@code action} once the call
   * waits inside the database, and returns the call's eventual answer.
   */
  private CompletableFuture<HttpResponse<String>> producerBlockedInDatabaseWhile(GatewayHttp http, String exec,
      Runnable action) throws SQLException {
    DatabaseTarget db = postgres.target();
    Connection locker = db.openJdbc();
    try {
      locker.setAutoCommit(false);
      Statement st = locker.createStatement();
      st.execute("lock table human_input_requests in access exclusive mode");
      CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(
          () -> http.post(CREATE, newRequest(exec, "In flight?")));
      LockWaits.await(st, "human_input_requests", "the producer call never reached the database");
      action.run();
      return call;
    } finally {
      try {
        locker.close();
      } catch (SQLException ignored) {
        // the server that held the connection is gone
      }
    }
  }

  private static String newRequest(String exec, String prompt) {
    return new JsonObject().put("execution_id", exec).put("task_id", "t").put("prompt", prompt).encode();
  }

  /**
   * The answer to the call that waited inside the database when it stopped: 503, or 201 when
   * PostgreSQL let the statement finish before ending its session (a fast shutdown signals every
   * session; when the lock holder's ends before the waiting one is signalled, which a busy 2-core
   * machine allows, the insert gets its lock and commits). Returns the event id such a committed
   * call must still deliver, in its place in the log.
   */
  private static String committedOrUnavailable(HttpResponse<String> response) {
    if (response.statusCode() == 201) {
      return new JsonObject(response.body()).getString("event_id");
    }
    assertDatabaseUnavailable(response, "a producer call in flight when PostgreSQL stopped");
    return null;
  }

  /** The answer the gateway owes a producer while the database is unreachable. */
  private static void assertDatabaseUnavailable(HttpResponse<String> response, String what) {
    assertEquals(503, response.statusCode(), what + ": " + response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), what);
    assertEquals("database_unavailable", new JsonObject(response.body()).getString("error"), what + ": " + response.body());
  }

  /** Waits until {@code /health} reports the database check as {@code state}. */
  private static void awaitDatabaseCheck(GatewayHttp http, String state) {
    String[] last = {""};
    Poll.until(() -> {
      last[0] = http.probe("/health").body();
      return state.equals(new JsonObject(last[0]).getJsonObject("checks").getString("database"));
    }, NOTICED_WITHIN, () -> "/health never reported the database " + state + " within " + NOTICED_WITHIN + ": " + last[0]);
  }
}
