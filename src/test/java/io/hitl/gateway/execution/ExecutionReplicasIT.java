package io.hitl.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.support.CrewClient;
import io.hitl.gateway.support.ExecutionRows;
import io.hitl.gateway.support.TestCrews;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two gateways on one database share the executions: every step commits once, every pause emits once. */
class ExecutionReplicasIT {

  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static DatabaseTarget db;
  private static TestGateway a;
  private static TestGateway b;

  @BeforeAll
  static void start() {
    db = TestDatabases.fresh();
    Map<String, String> settings = Map.of("HITL_CREWS_DIR", TestCrews.directory().toString(),
        "HITL_EXECUTION_POLL_MS", "20");
    a = TestGateway.start(db, settings);
    b = TestGateway.start(db, settings);
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void eachStepRunsOnceAcrossTwoReplicas() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      TestGateway entry = i % 2 == 0 ? a : b;
      ids.add(CrewClient.of(entry.http(), "pipeline")
          .kickoff(new JsonObject().put("inputs", new JsonObject().put("subject", "s" + i))));
    }
    for (String id : ids) {
      CrewClient.of(b.http(), "pipeline").awaitStatus(id, "completed", WITHIN);
      assertEquals(Map.of("outline_task", 1, "draft_task", 1, "polish_task", 1), ExecutionRows.attempts(db, id), id);
    }
  }

  @Test
  void eachPauseEmitsOneHumanInputRequiredAcrossTwoReplicas() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(CrewClient.of((i % 2 == 0 ? a : b).http(), "approval")
          .kickoff(new JsonObject().put("inputs", new JsonObject().put("item", "i" + i))));
    }
    for (String id : ids) {
      CrewClient crew = CrewClient.of(a.http(), "approval");
      crew.awaitStatus(id, "pending_human_input", WITHIN);
      assertEquals(1, crew.count(id, "human_input_required"), id);
      assertEquals("completed", CrewClient.of(b.http(), "approval").resume(id, "prepare_task", "ok", true).getString("status"));
      crew.awaitStatus(id, "completed", WITHIN);
      assertEquals(1, crew.count(id, "human_input_required"), id);
    }
  }
}
