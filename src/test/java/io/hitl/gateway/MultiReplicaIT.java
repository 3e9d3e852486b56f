package io.hitl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.routing.SettingsStore;
import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.CrewClient;
import io.hitl.gateway.support.ExecutionRows;
import io.hitl.gateway.support.GatewayProcess;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.ResumingClient;
import io.hitl.gateway.support.ResumingClient.Kind;
import io.hitl.gateway.support.TestCrews;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TimerRows;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Three replicas on one PostgreSQL, clients of every transport spread over them. While events
 * keep flowing, one replica is killed with SIGKILL and the two others are replaced one by one
 * with a graceful stop: every client ends with every event, each exactly once after
 * de-duplication by id, by resuming on another replica with its last event id; and every crew
 * execution commits each task once and pauses once, and every auto-response timer fires once.
 */
class MultiReplicaIT {

  private static final String EXEC = "exec-replicas";
  private static final int EXECUTIONS = 6;
  /** Slow enough that executions are mid-task when a replica is killed or stopped. */
  private static final String RELAY = """
      agents:
        runner: {role: "Relay runner", goal: "carry {baton}", backstory: "steady", executor: template,
                 options: {delay_ms: 1500}}
      tasks:
        - {id: leg_one, description: "First leg with {baton}", expected_output: "x", agent: runner}
        - {id: leg_two, description: "Second leg with {baton}", expected_output: "y", agent: runner, human_input: true}
        - {id: leg_three, description: "Last leg with {baton}", expected_output: "z", agent: runner}
      """;

  private final List<GatewayProcess> live = new CopyOnWriteArrayList<>();
  private final List<String> produced = new CopyOnWriteArrayList<>();
  /** Flow requests that nobody answers: each one's auto-response timer must fire exactly once. */
  private final List<String> autoAnswered = new CopyOnWriteArrayList<>();

  @Test
  void eventsSurviveAKilledReplicaAndARollingRestart() throws Exception {
    DatabaseTarget db = TestDatabases.fresh();
    Map<String, String> settings = Map.of(
        "HITL_CREWS_DIR", TestCrews.directory(Map.of("relay.yaml", RELAY)).toString(),
        "HITL_EXECUTION_LEASE_SECONDS", "2");
    Vertx vertx = Vertx.vertx();
    List<GatewayProcess> all = new ArrayList<>();
    List<ResumingClient> clients = new ArrayList<>();
    AtomicBoolean producing = new AtomicBoolean(true);
    try {
      for (int i = 0; i < 3; i++) {
        GatewayProcess replica = GatewayProcess.start("replica-" + i, db, settings).awaitReady();
        all.add(replica);
        live.add(replica);
      }
      Caller.expect(200, Caller.service(live.get(0).port()).put("/api/v1/settings", new JsonObject()
          .put("auto_response", new JsonObject().put("enabled", true).put("timeout_minutes", 0.05)
              .put("default_outcome", "approved"))));
      // The other replicas see a settings change within SettingsStore.CACHE_MILLIS.
      Thread.sleep(SettingsStore.CACHE_MILLIS + 200);
      clients.add(new ResumingClient(vertx, Kind.WEBSOCKET, "/ws/human-input/" + EXEC, this::anyLivePort));
      clients.add(new ResumingClient(vertx, Kind.SSE, "/events/human-input/" + EXEC, this::anyLivePort));
      clients.add(new ResumingClient(vertx, Kind.POLL, "/poll/human-input/" + EXEC, this::anyLivePort));
      clients.add(new ResumingClient(vertx, Kind.WEBSOCKET, "/ws/human-input/" + EXEC, this::anyLivePort));
      clients.add(new ResumingClient(vertx, Kind.SSE, "/events/human-input/" + EXEC, this::anyLivePort));
      List<String> executions = new ArrayList<>();
      for (int i = 0; i < EXECUTIONS; i++) {
        executions.add(CrewClient.of(live.get(i % live.size()).http(), "relay")
            .kickoff(new JsonObject().put("inputs", new JsonObject().put("baton", "baton-" + i))));
      }
      Thread producer = new Thread(() -> produce(producing), "producer");
      producer.start();
      Thread.sleep(2000);

      GatewayProcess killed = live.remove(0);
      killed.kill();
      Thread.sleep(1500);

      for (int i = 0; i < 2; i++) {
        GatewayProcess replacement = GatewayProcess.start("replacement-" + i, db, settings).awaitReady();
        all.add(replacement);
        live.add(replacement);
        GatewayProcess old = live.remove(0);
        old.process().terminate();
        old.process().awaitExit(Duration.ofSeconds(30));
        Thread.sleep(1500);
      }

      producing.set(false);
      producer.join();
      for (String id : autoAnswered) {
        Poll.until(() -> "completed".equals(requestStatus(id)), Duration.ofSeconds(30),
            () -> "request " + id + " was not auto-answered: " + requestStatus(id));
      }
      Map<String, Integer> completions = TimerRows.completedEventsPerRequest(db);
      assertTrue(autoAnswered.size() > 20, "auto-response timers were due throughout: " + autoAnswered.size());
      for (String id : autoAnswered) {
        assertEquals(1, completions.getOrDefault(id, 0), "request " + id + " was answered exactly once");
        JsonObject answered = Caller.expect(200, Caller.service(anyLivePort()).get("/api/v1/human-input-requests/" + id));
        assertEquals("auto", answered.getJsonObject("result").getString("source"));
        produced.add(answered.getString("completed_event_id"));
      }
      Set<String> expected = Set.copyOf(produced);
      assertTrue(expected.size() > 50, "events kept flowing throughout: " + expected.size());
      for (ResumingClient client : clients) {
        Poll.until(() -> client.distinct().containsAll(expected), Duration.ofSeconds(30),
            () -> client.kind() + " client misses " + missing(client, expected) + " of " + expected.size() + " events");
      }
      for (String id : executions) {
        CrewClient crew = CrewClient.of(live.get(0).http(), "relay");
        crew.awaitStatus(id, "pending_human_input", Duration.ofSeconds(60));
        crew.resume(id, "leg_two", "approved", true);
        crew.awaitStatus(id, "completed", Duration.ofSeconds(60));
        assertEquals(Map.of("leg_one", 1, "leg_two", 1, "leg_three", 1), ExecutionRows.attempts(db, id),
            "execution " + id + " committed each task once");
        assertEquals(1, crew.count(id, "human_input_required"), "execution " + id + " paused once");
      }

      Thread.sleep(500);
      Set<String> reference = clients.get(0).distinct();
      for (ResumingClient client : clients) {
        assertTrue(client.connections() >= 2, client.kind() + " client had to move to another replica");
        assertEquals(reference, client.distinct(), client.kind() + " client saw the same events as the others");
        assertEquals(client.distinct().size(), client.received().size(),
            client.kind() + " client got no event twice: " + (client.received().size() - client.distinct().size()) + " duplicates");
      }
    } finally {
      producing.set(false);
      clients.forEach(ResumingClient::close);
      all.forEach(GatewayProcess::close);
      vertx.close().await();
    }
  }

  private void produce(AtomicBoolean producing) {
    int n = 0;
    while (producing.get()) {
      try {
        GatewayProcess replica = live.get(ThreadLocalRandom.current().nextInt(live.size()));
        boolean flow = n % 2 == 1;
        JsonObject request = flow
            ? new JsonObject().put("flow_id", EXEC).put("method_name", "m").put("message", "flow event " + n)
                .put("emit", new JsonArray().add("approved").add("rejected"))
            : new JsonObject().put("execution_id", EXEC).put("task_id", "t").put("prompt", "event " + n);
        HttpResponse<String> created = replica.http().post("/api/v1/human-input-requests", request.encode());
        if (created.statusCode() == 201) {
          JsonObject body = new JsonObject(created.body());
          produced.add(body.getString("event_id"));
          if (flow) {
            autoAnswered.add(body.getString("request_id"));
          }
          n++;
        }
      } catch (RuntimeException replicaGoingAway) {
        // the producer, like the clients, simply tries another replica
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private String requestStatus(String requestId) {
    try {
      return new JsonObject(Caller.service(anyLivePort()).get("/api/v1/human-input-requests/" + requestId).body())
          .getString("status");
    } catch (RuntimeException replicaGoingAway) {
      return "unknown";
    }
  }

  private int anyLivePort() {
    return live.get(ThreadLocalRandom.current().nextInt(live.size())).port();
  }

  private static long missing(ResumingClient client, Set<String> expected) {
    Set<String> got = client.distinct();
    return expected.stream().filter(id -> !got.contains(id)).count();
  }
}
