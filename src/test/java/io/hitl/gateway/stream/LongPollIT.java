package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.event.EventLog;
import io.hitl.gateway.event.NewEvent;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Long polling: immediate answers without {@code timeout}, held answers with it, and its validation. */
class LongPollIT {

  private static final String WAITING = "hitl_connections{transport=\"poll\"}";

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.create();


  @Test
  void withoutTimeoutItAnswersAtOnceWithEveryEventOfTheExecution() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(env.gateway().createRequest("exec-poll-all", "p" + i).getString("event_id"));
    }
    env.gateway().createRequest("exec-poll-other", "not mine");
    JsonObject answer = new JsonObject(env.gateway().get("/poll/human-input/exec-poll-all").body());
    assertEquals(created, ids(answer.getJsonArray("events")));
    assertEquals(created.get(2), answer.getString("last_event_id"));

    JsonObject empty = new JsonObject(env.gateway().get("/poll/human-input/exec-poll-nothing").body());
    assertEquals(0, empty.getJsonArray("events").size(), "an execution without events answers at once, empty");
  }

  @Test
  void withTimeoutItHoldsUntilAnEventArrivesAndCarriesIt() throws Exception {
    String last = env.gateway().createRequest("exec-poll-hold", "first").getString("event_id");
    CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() ->
        env.gateway().get("/poll/human-input/exec-poll-hold?timeout=20&last_event_id=" + last));
    awaitWaiting(1);
    assertTrue(!held.isDone(), "the poll answered although nothing newer existed");
    long producedAt = System.nanoTime();
    String next = env.gateway().createRequest("exec-poll-hold", "second").getString("event_id");
    HttpResponse<String> answer = held.get();
    long answeredAfterMillis = (System.nanoTime() - producedAt) / 1_000_000;
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(List.of(next), ids(new JsonObject(answer.body()).getJsonArray("events")));
    assertTrue(answeredAfterMillis < 20_000, "it waited for the timeout instead of answering on the event");
    awaitWaiting(0);
  }

  @Test
  void withTimeoutAndNothingNewerItAnswersEmptyAfterTheTimeout() {
    String last = env.gateway().createRequest("exec-poll-idle", "only").getString("event_id");
    long start = System.nanoTime();
    HttpResponse<String> answer = env.gateway().get("/poll/human-input/exec-poll-idle?timeout=2&last_event_id=" + last);
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(new JsonObject().put("events", new JsonArray()), new JsonObject(answer.body()));
    assertTrue(tookMillis >= 1900, "answered before the timeout: " + tookMillis + " ms");
    awaitWaiting(0);
  }

  @Test
  void aBurstLargerThanOneAnswerIsCutToOnePageAndTheWaiterIsReleased() throws Exception {
    String exec = "exec-poll-burst";
    String last = env.gateway().createRequest(exec, "first").getString("event_id");
    CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() ->
        env.gateway().get("/poll/human-input/" + exec + "?timeout=20&last_event_id=" + last));
    awaitWaiting(1);
    List<String> burst = appendInOneTransaction(exec, PollEndpoint.MAX_EVENTS + 20);
    HttpResponse<String> answer = held.get();
    List<String> page = ids(new JsonObject(answer.body()).getJsonArray("events"));
    assertEquals(burst.subList(0, PollEndpoint.MAX_EVENTS), page);
    awaitWaiting(0);
    JsonObject rest = new JsonObject(env.gateway().get("/poll/human-input/" + exec + "?last_event_id=" + page.get(page.size() - 1)).body());
    assertEquals(burst.subList(PollEndpoint.MAX_EVENTS, burst.size()), ids(rest.getJsonArray("events")));
  }

  @Test
  void nonNumericOrNegativeTimeoutIs400() {
    for (String timeout : List.of("abc", "-1", "1.5")) {
      HttpResponse<String> answer = env.gateway().get("/poll/human-input/exec-poll-bad?timeout=" + timeout);
      assertEquals(400, answer.statusCode(), timeout + ": " + answer.body());
      assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      assertEquals("invalid_timeout", new JsonObject(answer.body()).getString("error"));
    }
  }

  private static List<String> appendInOneTransaction(String exec, int count) {
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().connectingTo(env.gateway().database().connectOptions()).using(env.vertx()).build();
    try {
      List<NewEvent> events = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = UUID.randomUUID().toString();
        events.add(new NewEvent(id, exec, "test_event",
            new JsonObject().put("event_id", id).put("type", "test_event").put("execution_id", exec)));
      }
      EventLog log = new EventLog(pool, new GatewayMetrics());
      pool.withTransaction(tx -> log.append(tx, events)).await();
      return events.stream().map(NewEvent::eventId).toList();
    } finally {
      pool.close().await();
      env.vertx().close().await();
    }
  }

  private static void awaitWaiting(double count) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (env.gateway().metric(WAITING) != count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waiting polls stayed at " + env.gateway().metric(WAITING) + ", expected " + count);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static List<String> ids(JsonArray events) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      ids.add(events.getJsonObject(i).getString("event_id"));
    }
    return ids;
  }
}
