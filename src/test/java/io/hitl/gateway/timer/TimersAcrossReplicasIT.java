package io.hitl.gateway.timer;

import static io.hitl.gateway.support.Caller.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.support.GatewayProcess;
import io.hitl.gateway.routing.SettingsStore;
import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TimerRows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three gateway processes on one database share the timers: 50 requests with a short
 * auto-response timeout are each answered exactly once, also when one replica is killed with
 * SIGKILL while timers are falling due (its claims are retaken once their lease expires).
 */
class TimersAcrossReplicasIT {

  private static final int REQUESTS = 50;
  private static final Map<String, String> SETTINGS = Map.of("HITL_TIMER_POLL_MS", "50", "HITL_HTTP_INSTANCES", "1",
      "HITL_DB_POOL_SIZE", "8");
  private final List<GatewayProcess> replicas = new ArrayList<>();

  @AfterEach
  void stop() {
    replicas.forEach(GatewayProcess::close);
  }

  @Test
  void eachRequestIsAutoRespondedExactlyOnceEvenWhenAReplicaIsKilled() {
    DatabaseTarget db = TestDatabases.fresh();
    // the first one alone migrates the fresh database; the others start once it is done
    replicas.add(GatewayProcess.start("timers-0", db, SETTINGS).awaitReady());
    replicas.add(GatewayProcess.start("timers-1", db, SETTINGS));
    replicas.add(GatewayProcess.start("timers-2", db, SETTINGS));
    replicas.forEach(GatewayProcess::awaitReady);

    Caller first = Caller.service(replicas.get(0).port());
    expect(200, first.put("/api/v1/settings", new JsonObject().put("auto_response", new JsonObject()
        .put("enabled", true).put("timeout_minutes", 0.1).put("default_outcome", "approved"))));
    // The other replicas see a settings change within SettingsStore.CACHE_MILLIS.
    Poll.sleep(Duration.ofMillis(SettingsStore.CACHE_MILLIS + 200));
    // created over about 3 s, so that timers fall due over as long while the replicas fire them
    for (int i = 0; i < REQUESTS; i++) {
      Caller entry = Caller.service(replicas.get(i % replicas.size()).port());
      expect(201, entry.post("/api/v1/human-input-requests", new JsonObject().put("flow_id", "flow-" + i)
          .put("method_name", "approve_payment").put("message", "Approve " + i + "?")
          .put("emit", new JsonArray().add("approved").add("rejected"))));
      Poll.sleep(Duration.ofMillis(60));
    }

    Poll.until(() -> answered(db) > 0, Duration.ofSeconds(30), () -> "no timer fired");
    replicas.get(0).kill();
    int answeredAtKill = answered(db);

    Poll.until(() -> answered(db) == REQUESTS, Duration.ofSeconds(90),
        () -> answered(db) + " of " + REQUESTS + " requests answered; " + replicas.get(1).describe());
    Map<String, Integer> events = TimerRows.completedEventsPerRequest(db);
    assertEquals(REQUESTS, events.size());
    events.forEach((request, count) -> assertEquals(1, count, "human_input_completed events of request " + request));
    assertEquals(String.valueOf(REQUESTS), TimerRows.query(db, "select count(*)::text as n from human_input_requests"
        + " where source = 'auto' and responder = 'auto' and outcome = 'approved'").get(0).get("n"));
    assertEquals(String.valueOf(REQUESTS), TimerRows.query(db, "select count(*)::text as n from request_timers"
        + " where kind = 'auto_response' and result = 'auto_responded'").get(0).get("n"));
    System.out.printf("replica killed after %d of %d auto-responses; %s timers were claimed more than once%n",
        answeredAtKill, REQUESTS, TimerRows.query(db, "select count(*)::text as n from request_timers where attempts > 1")
            .get(0).get("n"));
  }

  private static int answered(DatabaseTarget db) {
    return Integer.parseInt(TimerRows.query(db, "select count(*)::text as n from human_input_requests"
        + " where status = 'completed'").get(0).get("n"));
  }
}
