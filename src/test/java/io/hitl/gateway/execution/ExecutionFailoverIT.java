package io.hitl.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.support.CrewClient;
import io.hitl.gateway.support.ExecutionRows;
import io.hitl.gateway.support.GatewayProcess;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.TestCrews;
import io.hitl.gateway.support.TestDatabases;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the gateway process while an execution runs a task, and again while it is paused:
 * a new process carries it on, no output is lost, and the pause has one human_input_required.
 * Runs the shaded jar, so it also proves that CEL conditions work there.
 */
class ExecutionFailoverIT {

  private static final String SLOW = """
      agents:
        slowpoke: {role: "Slow {thing} agent", goal: "take time", backstory: "patient", executor: template,
                   options: {delay_ms: 3000}}
      tasks:
        - {id: first_task, description: "First on {thing}", expected_output: "x", agent: slowpoke}
        - {id: second_task, description: "Second on {thing}", expected_output: "y", agent: slowpoke,
           human_input: "inputs.thing == 'kites' && output.contains('Second')"}
        - {id: third_task, description: "Third on {thing}", expected_output: "z", agent: slowpoke}
      """;

  @Test
  void anExecutionSurvivesKill9WhileRunningAndWhilePaused() {
    DatabaseTarget db = TestDatabases.fresh();
    Map<String, String> settings = Map.of(
        "HITL_CREWS_DIR", TestCrews.directory(Map.of("slow.yaml", SLOW)).toString(),
        "HITL_EXECUTION_LEASE_SECONDS", "2");
    GatewayProcess first = GatewayProcess.start("failover-1", db, settings).awaitReady();
    String id;
    try {
      CrewClient crew = CrewClient.of(first.http(), "slow");
      id = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("thing", "kites")));
      JsonObject running = crew.awaitStatus(id, "running", Duration.ofSeconds(10));
      assertEquals("first_task", running.getString("current_task"));
      Poll.sleep(Duration.ofMillis(1000));
      assertEquals("running", crew.status(id).getString("status"), "the task must still be running when killed");
    } finally {
      first.kill();
    }

    GatewayProcess second = GatewayProcess.start("failover-2", db, settings).awaitReady();
    try {
      CrewClient crew = CrewClient.of(second.http(), "slow");
      JsonObject paused = crew.awaitStatus(id, "pending_human_input", Duration.ofSeconds(60));
      assertEquals("second_task", paused.getString("task_id"));
      assertEquals(1, crew.count(id, "human_input_required"));
    } finally {
      second.kill();
    }

    GatewayProcess third = GatewayProcess.start("failover-3", db, settings).awaitReady();
    try {
      CrewClient crew = CrewClient.of(third.http(), "slow");
      Poll.sleep(Duration.ofSeconds(3));
      assertEquals("pending_human_input", crew.status(id).getString("status"));
      assertEquals(1, crew.count(id, "human_input_required"), "a restart must not emit the pause again");
      assertEquals("resumed", crew.resume(id, "second_task", "go on", true).getString("status"));
      JsonObject done = crew.awaitStatus(id, "completed", Duration.ofSeconds(30));
      assertEquals(3, done.getJsonObject("result").getJsonArray("tasks").size());
      assertEquals(1, crew.count(id, "human_input_required"));
      assertEquals(Map.of("first_task", 1, "second_task", 1, "third_task", 1), ExecutionRows.attempts(db, id),
          "each task output is committed once");
    } finally {
      third.close();
    }
  }
}
