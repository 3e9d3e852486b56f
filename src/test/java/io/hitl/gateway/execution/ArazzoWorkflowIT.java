package io.hitl.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hitl.gateway.support.CrewClient;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's Arazzo workflow (kick off, poll until paused, resume, poll until settled), exactly
 * as published but for its source URL, run by a standard Arazzo runner (Redocly Respect) against a
 * running gateway and its {@code /openapi.yaml}.
 */
class ArazzoWorkflowIT {

  private static final String SEED_WORKFLOW = "/arazzo/crewai-cloud-kickoff-with-hitl-review-workflow.yml";
  private static final String SEED_SOURCE_URL = "url: ../openapi/crewai-amp-rest-api-openapi.yml";
  private static final Path RUNNER = Path.of(".ci", "lint", "node_modules", ".bin", "redocly");

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.create();

  @Test
  void theSeedWorkflowRunsWithAnApproval() throws Exception {
    assertWorkflowPasses(true);
  }

  @Test
  void theSeedWorkflowRunsWithARejection() throws Exception {
    assertWorkflowPasses(false);
  }

  /**
   * Runs one demo execution to its pause before the workflows. The seed's poll step loops with
   * the JSONPath criterion {@code $.status == "running"}, which Respect 2.77 did not match (it
   * went on to resume after a poll that answered {@code running}), so a workflow passes only when
   * the execution has paused by its first poll. A warm gateway pauses the demo crew within tens
   * of milliseconds; the first execution after start-up took ~0.5 s here (class loading, JIT).
   */
  @BeforeAll
  static void awaitWarmGateway() {
    CrewClient crews = CrewClient.of(env.gateway().http());
    String id = crews.kickoff(new JsonObject().put("inputs", new JsonObject().put("topic", "warm-up")));
    crews.awaitStatus(id, Execution.PENDING_HUMAN_INPUT, Duration.ofSeconds(10));
  }

  private static void assertWorkflowPasses(boolean approve) throws IOException, InterruptedException {
    if (!Files.isExecutable(RUNNER)) {
      fail("the Arazzo runner is missing: run `npm ci` in .ci/lint (.ci/run does) to install @redocly/cli");
    }
    String seed;
    try (var in = ArazzoWorkflowIT.class.getResourceAsStream(SEED_WORKFLOW)) {
      seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(seed.contains(SEED_SOURCE_URL), "the seed workflow names its source description");
    Path dir = Files.createDirectories(Path.of("target", "arazzo"));
    Path workflow = dir.resolve("kickoff-with-hitl-review-" + approve + ".arazzo.yaml");
    Files.writeString(workflow, seed.replace(SEED_SOURCE_URL, "url: " + env.gateway().url("/openapi.yaml")));

    JsonObject inputs = new JsonObject()
        .put("bearerToken", TestGateway.API_KEY)
        .put("inputs", new JsonObject().put("topic", "AI Research"))
        .put("taskId", "research_task")
        .put("humanFeedback", approve ? "Looks good" : "Add sources")
        .put("isApprove", approve);
    Path output = dir.resolve("respect-" + approve + ".log");
    Process runner = new ProcessBuilder(List.of(RUNNER.toString(), "respect", workflow.toString(),
        "--server", "crewaiAmpApi=" + env.gateway().url(""), "--input", inputs.encode()))
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertTrue(runner.waitFor(120, TimeUnit.SECONDS), "the Arazzo runner did not finish");
    String log = Files.readString(output);
    assertEquals(0, runner.exitValue(), "the workflow failed:\n" + log);
    assertTrue(log.contains("Workflows: 1 passed, 1 total"), log);
    assertTrue(log.contains("Steps: 4 passed, 4 total"), log);
  }
}
