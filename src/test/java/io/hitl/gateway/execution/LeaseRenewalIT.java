package io.hitl.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.support.CrewClient;
import io.hitl.gateway.support.TestCrews;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A task that takes longer than the lease: the worker renews its lease while the task runs, so the
 * second replica, polling eagerly, never takes it over and the agent service is called once.
 */
class LeaseRenewalIT {

  @Test
  void aTaskLongerThanTheLeaseRunsOnceWithTwoReplicas() {
    Vertx servers = Vertx.vertx();
    AtomicInteger calls = new AtomicInteger();
    TestGateway a = null;
    TestGateway b = null;
    try {
      HttpServer agent = servers.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
        calls.incrementAndGet();
        servers.setTimer(6000, id -> request.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("output", "slow answer").encode()));
      })).listen(0, "127.0.0.1").await();
      String crew = """
          agents:
            slow: {role: "r", goal: "g", backstory: "b", executor: http,
                   options: {url: "http://127.0.0.1:%d/slow", timeout_ms: 20000, retries: 0}}
          tasks:
            - {id: slow_task, description: "d", expected_output: "e", agent: slow}
          """.formatted(agent.actualPort());
      DatabaseTarget db = TestDatabases.fresh();
      Map<String, String> settings = Map.of("HITL_CREWS_DIR", TestCrews.directory(Map.of("slow.yaml", crew)).toString(),
          "HITL_EXECUTION_LEASE_SECONDS", "2", "HITL_EXECUTION_POLL_MS", "50");
      a = TestGateway.start(db, settings);
      b = TestGateway.start(db, settings);
      CrewClient client = CrewClient.of(a.http(), "slow");
      String id = client.kickoff(new JsonObject().put("inputs", new JsonObject()));
      JsonObject done = CrewClient.of(b.http(), "slow").awaitStatus(id, "completed", Duration.ofSeconds(40));
      assertEquals("slow answer", done.getJsonObject("result").getString("output"));
      assertEquals(1, calls.get(), "the task ran more than once: a lease was taken over while it ran");
    } finally {
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
      servers.close().await();
    }
  }
}
