package io.hitl.gateway.timer;

import static io.hitl.gateway.support.Caller.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.hitl.gateway.support.TimerRows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Auto-response and SLA timers on a real gateway: timeouts of 0.05 minutes (3 s) and a timer poll
 * of 100 ms. The settings are global, so each test sets what it needs; timers take the settings of
 * the moment their request is created.
 */
class AutoResponseIT {

  private static final Map<String, String> FAST_TIMERS = Map.of("HITL_TIMER_POLL_MS", "100");
  private static final Duration WITHIN = Duration.ofSeconds(20);
  private static final String REQUESTS = "/api/v1/human-input-requests";

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), FAST_TIMERS));

  private static Caller api() {
    return Caller.service(env.gateway().port());
  }

  private static DatabaseTarget db() {
    return env.gateway().database();
  }

  private static void settings(Caller api, JsonObject autoResponse, Number slaMinutes) {
    expect(200, api.put("/api/v1/settings", new JsonObject().put("auto_response", autoResponse)
        .put("sla_target_minutes", slaMinutes)));
  }

  private static JsonObject autoResponse(double minutes, String outcome) {
    return new JsonObject().put("enabled", true).put("timeout_minutes", minutes).put("default_outcome", outcome);
  }

  private static final JsonObject OFF = new JsonObject().put("enabled", false);

  static JsonObject create(Caller api, JsonArray emit, String defaultOutcome) {
    JsonObject body = new JsonObject().put("flow_id", "flow-" + UUID.randomUUID()).put("method_name", "approve_payment")
        .put("message", "Approve the payment?").put("emit", emit);
    if (defaultOutcome != null) {
      body.put("default_outcome", defaultOutcome);
    }
    return expect(201, api.post(REQUESTS, body));
  }

  static JsonObject awaitStatus(Caller api, String requestId, String status) {
    JsonObject[] last = {null};
    Poll.until(() -> {
      last[0] = expect(200, api.get(REQUESTS + "/" + requestId));
      return status.equals(last[0].getString("status"));
    }, WITHIN, () -> "request " + requestId + " did not become " + status + ": " + last[0]);
    return last[0];
  }

  private static Map<String, String> awaitTimerFired(String requestId, String kind) {
    Poll.until(() -> "true".equals(TimerRows.timer(db(), requestId, kind).get("fired")), WITHIN,
        () -> kind + " timer of " + requestId + " did not fire: " + TimerRows.timer(db(), requestId, kind));
    return TimerRows.timer(db(), requestId, kind);
  }

  @Test
  void anUnansweredRequestIsAnsweredWithTheDefaultOutcomeOnceTheTimeoutPasses() {
    settings(api(), autoResponse(0.05, "approved"), null);
    JsonObject request = create(api(), new JsonArray().add("approved").add("rejected"), null);
    String id = request.getString("request_id");

    JsonObject answered = awaitStatus(api(), id, "completed");
    assertEquals("auto", answered.getString("source"));
    assertEquals("auto", answered.getString("responder"));
    assertEquals("approved", answered.getString("outcome"));
    assertEquals("approved", answered.getJsonObject("result").getString("outcome"));
    Duration waited = Duration.between(Instant.parse(answered.getString("created_at")),
        Instant.parse(answered.getString("responded_at")));
    assertTrue(waited.toMillis() >= 3000, "answered after the timeout, not before: " + waited);

    JsonArray events = new JsonObject(env.gateway().get("/poll/human-input/" + request.getString("flow_id")).body())
        .getJsonArray("events");
    assertEquals("human_input_completed", events.getJsonObject(events.size() - 1).getString("type"));
    assertEquals(1, TimerRows.completedEvents(db(), id));
    assertEquals("auto_responded", TimerRows.timer(db(), id, "auto_response").get("result"));
  }

  @Test
  void aRequestAnsweredBeforeTheDeadlineIsNotTouched() {
    settings(api(), autoResponse(0.05, "approved"), null);
    String id = create(api(), new JsonArray().add("approved").add("rejected"), null).getString("request_id");
    expect(200, api().post(REQUESTS + "/" + id + "/response", new JsonObject().put("feedback", "rejected")));
    assertEquals("answered", TimerRows.timer(db(), id, "auto_response").get("result"), "retired with the answer");

    Poll.sleep(Duration.ofSeconds(5));
    JsonObject after = expect(200, api().get(REQUESTS + "/" + id));
    assertEquals("api", after.getString("source"));
    assertEquals("rejected", after.getString("outcome"));
    assertEquals(1, TimerRows.completedEvents(db(), id));
  }

  @Test
  void withoutTheDefaultOutcomeAmongItsOptionsARequestGetsItsOwnDefaultOutcome() {
    settings(api(), autoResponse(0.05, "approved"), null);
    String id = create(api(), new JsonArray().add("yes").add("no"), "no").getString("request_id");
    JsonObject answered = awaitStatus(api(), id, "completed");
    assertEquals("no", answered.getString("outcome"));
    assertEquals("auto", answered.getString("source"));
    assertEquals(1, TimerRows.completedEvents(db(), id));
  }

  @Test
  void withNeitherOutcomeTheAutoResponseIsSkippedAndTheRequestStaysPending() {
    settings(api(), autoResponse(0.05, "approved"), null);
    String id = create(api(), new JsonArray().add("yes").add("no"), null).getString("request_id");
    Map<String, String> timer = awaitTimerFired(id, "auto_response");
    assertEquals("skipped", timer.get("result"));
    assertTrue(timer.get("detail").contains("not one of the request's emit options"), timer.get("detail"));
    Poll.sleep(Duration.ofSeconds(1));
    assertEquals("pending", expect(200, api().get(REQUESTS + "/" + id)).getString("status"));
    assertEquals(0, TimerRows.completedEvents(db(), id));
    assertEquals("1", TimerRows.timer(db(), id, "auto_response").get("attempts"), "fired once, not retried");
  }

  @Test
  void theSlaIsMetByAnAnswerInTimeAndMissedByALateOne() {
    settings(api(), OFF, 0.05);
    JsonArray emit = new JsonArray().add("approved").add("rejected");
    JsonObject early = create(api(), emit, null);
    JsonObject late = create(api(), emit, null);
    JsonObject never = create(api(), emit, null);
    JsonObject stored = expect(200, api().get(REQUESTS + "/" + early.getString("request_id")));
    assertNotNull(stored.getString("sla_due_at"));
    assertEquals(stored.getString("sla_due_at"), early.getString("sla_due_at"), "the 201 already carries the due time");
    assertEquals(3000, Duration.between(Instant.parse(stored.getString("created_at")),
        Instant.parse(stored.getString("sla_due_at"))).toMillis());

    JsonObject inTime = expect(200, api().post(REQUESTS + "/" + early.getString("request_id") + "/response",
        new JsonObject().put("feedback", "approved")));
    assertEquals(true, inTime.getBoolean("sla_met"));

    Poll.sleep(Duration.ofMillis(3500));
    JsonObject tooLate = expect(200, api().post(REQUESTS + "/" + late.getString("request_id") + "/response",
        new JsonObject().put("feedback", "approved")));
    assertEquals(false, tooLate.getBoolean("sla_met"));

    assertEquals("answered", TimerRows.timer(db(), early.getString("request_id"), "sla").get("result"));
    assertEquals("breached", awaitTimerFired(late.getString("request_id"), "sla").get("result"));
    assertEquals("breached", awaitTimerFired(never.getString("request_id"), "sla").get("result"));
    assertEquals("pending", expect(200, api().get(REQUESTS + "/" + never.getString("request_id"))).getString("status"),
        "an SLA breach does not answer the request");
  }

  @Test
  void withoutAnSlaTargetNothingIsTracked() {
    settings(api(), OFF, null);
    JsonObject request = create(api(), new JsonArray().add("approved"), null);
    JsonObject answered = expect(200, api().post(REQUESTS + "/" + request.getString("request_id") + "/response",
        new JsonObject().put("feedback", "approved")));
    assertNull(answered.getValue("sla_due_at"));
    assertNull(answered.getValue("sla_met"));
    assertEquals(Map.of(), TimerRows.timer(db(), request.getString("request_id"), "sla"));
  }

  @Test
  void aTimerClaimedByADeadReplicaIsRetakenOnceItsLeaseExpires() {
    settings(api(), autoResponse(0.05, "approved"), null);
    String id = create(api(), new JsonArray().add("approved").add("rejected"), null).getString("request_id");
    // what a replica that claimed the timer and died leaves behind: a lease nobody will settle
    TimerRows.query(db(), "update request_timers set lease_token = md5(random()::text)::uuid, lease_until = due_at + interval '4 seconds',"
        + " attempts = 1 where request_id = ?::uuid and kind = 'auto_response' returning 'x' as x", id);

    Poll.sleep(Duration.ofSeconds(5));
    assertEquals("pending", expect(200, api().get(REQUESTS + "/" + id)).getString("status"), "the lease is respected");
    JsonObject answered = awaitStatus(api(), id, "completed");
    assertEquals("auto", answered.getString("source"));
    assertEquals("2", TimerRows.timer(db(), id, "auto_response").get("attempts"), "claimed again once");
    assertEquals(1, TimerRows.completedEvents(db(), id));
  }

  @Test
  void timersSurviveARestartAndFireOnce() {
    DatabaseTarget db = TestDatabases.fresh();
    TestGateway first = TestGateway.start(db, FAST_TIMERS);
    String id;
    try {
      Caller api = Caller.service(first.port());
      settings(api, autoResponse(0.1, "approved"), null);
      id = create(api, new JsonArray().add("approved").add("rejected"), null).getString("request_id");
    } finally {
      first.close();
    }
    Poll.sleep(Duration.ofSeconds(7));
    assertEquals("pending", TimerRows.query(db, "select status from human_input_requests where request_id = ?::uuid", id)
        .get(0).get("status"), "nobody was running at the deadline");

    TestGateway second = TestGateway.start(db, FAST_TIMERS);
    try {
      Caller api = Caller.service(second.port());
      JsonObject answered = awaitStatus(api, id, "completed");
      assertEquals("auto", answered.getString("source"));
      assertEquals("approved", answered.getString("outcome"));
      Poll.sleep(Duration.ofSeconds(1));
      assertEquals(1, TimerRows.completedEvents(db, id));
    } finally {
      second.close();
    }
  }
}
