package io.hitl.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.CrewClient;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestCrews;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The http and openai executors against real local HTTP servers standing in for an agent service and an LLM. */
class AgentExecutorsIT {

  private static final Duration WITHIN = Duration.ofSeconds(20);
  private static final List<JsonObject> agentRequests = new CopyOnWriteArrayList<>();
  private static final List<JsonObject> llmRequests = new CopyOnWriteArrayList<>();
  private static final List<String> llmAuthorizations = new CopyOnWriteArrayList<>();
  private static final AtomicInteger agentCalls = new AtomicInteger();
  private static final AtomicInteger brokenCalls = new AtomicInteger();
  private static Vertx servers;

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(AgentExecutorsIT::start);

  private static TestGateway start() {
    servers = Vertx.vertx();
    HttpServer server = servers.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      switch (request.path()) {
        case "/agent" -> {
          JsonObject task = body.toJsonObject();
          if (agentCalls.incrementAndGet() == 1) {
            request.response().setStatusCode(503).end("warming up");
            return;
          }
          agentRequests.add(task);
          request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
              .put("output", "agent did: " + task.getString("description") + " feedback=" + task.getJsonArray("feedback"))
              .encode());
        }
        case "/v1/chat/completions" -> {
          JsonObject chat = body.toJsonObject();
          llmRequests.add(chat);
          llmAuthorizations.add(request.getHeader("Authorization"));
          String user = chat.getJsonArray("messages").getJsonObject(1).getString("content");
          request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
              .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                  .put("message", new JsonObject().put("role", "assistant").put("content", "LLM on: " + user.lines().findFirst().orElse("")))))
              .encode());
        }
        default -> {
          brokenCalls.incrementAndGet();
          request.response().setStatusCode(400).end("bad task");
        }
      }
    })).listen(0, "127.0.0.1").await();
    String base = "http://127.0.0.1:" + server.actualPort();
    String httpCrew = """
        agents:
          remote: {role: "Remote {topic} agent", goal: "g", backstory: "b", executor: http,
                   options: {url: "%s/agent", retries: 2, backoff_ms: 50, timeout_ms: 5000}}
        tasks:
          - {id: remote_task, description: "Remote work on {topic}", expected_output: "e", agent: remote, human_input: true}
        """.formatted(base);
    String llmCrew = """
        agents:
          writer: {role: "Poet", goal: "write about {topic}", backstory: "You rhyme.", executor: openai,
                   options: {base_url: "%s/v1", model: "test-model", retries: 0}}
        tasks:
          - {id: poem_task, description: "Write a poem on {topic}", expected_output: "four lines", agent: writer}
        """.formatted(base);
    String brokenCrew = """
        agents:
          remote: {role: "r", goal: "g", backstory: "b", executor: http, options: {url: "%s/broken", retries: 3, backoff_ms: 10}}
        tasks:
          - {id: doomed_task, description: "d", expected_output: "e", agent: remote}
        """.formatted(base);
    return TestGateway.start(TestDatabases.fresh(), Map.of(
        "HITL_CREWS_DIR", TestCrews.directory(Map.of("remote.yaml", httpCrew, "llm.yaml", llmCrew, "broken.yaml", brokenCrew)).toString(),
        "HITL_OPENAI_API_KEY", "sk-test-123"));
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close().await();
    }
  }

  @Test
  void theHttpExecutorRetriesAServiceErrorAndSendsFeedbackOnARerun() {
    CrewClient crew = CrewClient.of(env.gateway().http(), "remote");
    String id = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("topic", "tides")));
    JsonObject paused = crew.awaitStatus(id, "pending_human_input", WITHIN);
    assertEquals("agent did: Remote work on tides feedback=[]", paused.getString("output"));
    assertEquals(2, agentCalls.get(), "one 503, then a retry");
    JsonObject first = agentRequests.get(0);
    assertEquals(id, first.getString("execution_id"));
    assertEquals("remote_task", first.getString("task_id"));
    assertEquals("Remote tides agent", first.getJsonObject("agent").getString("role"));
    assertEquals("tides", first.getJsonObject("inputs").getString("topic"));

    crew.resume(id, "remote_task", "use metric units", false);
    JsonObject retried = crew.awaitStatus(id, "pending_human_input", WITHIN);
    assertTrue(retried.getString("output").contains("remote_task: use metric units"), retried.getString("output"));
    assertEquals(new JsonArray().add("remote_task: use metric units"), agentRequests.get(1).getJsonArray("feedback"));
  }

  @Test
  void theOpenAiExecutorCallsChatCompletionsWithTheAgentAndTheKey() {
    CrewClient crew = CrewClient.of(env.gateway().http(), "llm");
    String id = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("topic", "the sea")));
    JsonObject done = crew.awaitStatus(id, "completed", WITHIN);
    assertEquals("LLM on: Current task: Write a poem on the sea", done.getJsonObject("result").getString("output"));
    JsonObject chat = llmRequests.get(0);
    assertEquals("test-model", chat.getString("model"));
    assertEquals("system", chat.getJsonArray("messages").getJsonObject(0).getString("role"));
    assertTrue(chat.getJsonArray("messages").getJsonObject(0).getString("content").contains("You are Poet. You rhyme."));
    assertEquals("Bearer sk-test-123", llmAuthorizations.get(0));
  }

  @Test
  void aRejectingServiceIsNotRetriedAndEndsTheExecutionInError() {
    CrewClient crew = CrewClient.of(env.gateway().http(), "broken");
    String id = crew.kickoff(new JsonObject().put("inputs", new JsonObject()));
    JsonObject error = crew.awaitStatus(id, "error", WITHIN);
    assertTrue(error.getString("error").contains("answered 400: bad task"), error.encode());
    assertEquals(1, brokenCalls.get());
  }
}
