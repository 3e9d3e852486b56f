package io.hitl.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.CrewClient;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.TestCrews;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.hitl.gateway.support.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Webhooks of the demo crew against a real HTTP server: on pause, per step, per task, at the end; not carried over. */
class ExecutionWebhooksIT {

  private static final Duration WITHIN = Duration.ofSeconds(20);

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(),
      Map.of("HITL_CREWS_DIR", TestCrews.directory().toString())));

  @Test
  void pauseWebhookUsesBearerAuthAndResumeUsesOnlyTheUrlsItIsGiven() {
    try (WebhookReceiver hooks = WebhookReceiver.start(env.vertx())) {
      CrewClient crew = CrewClient.of(env.gateway().http());
      String id = crew.kickoff(new JsonObject()
          .put("inputs", new JsonObject().put("topic", "AI Research"))
          .put("meta", new JsonObject().put("requestId", "req-7"))
          .put("humanInputWebhook", new JsonObject().put("url", hooks.url("/hitl"))
              .put("authentication", new JsonObject().put("strategy", "bearer").put("token", "hook-secret")))
          .put("taskWebhookUrl", hooks.url("/task"))
          .put("stepWebhookUrl", hooks.url("/step"))
          .put("crewWebhookUrl", hooks.url("/crew")));
      JsonObject paused = crew.awaitStatus(id, "pending_human_input", WITHIN);

      WebhookReceiver.Call pause = hooks.await("/hitl", 1, WITHIN).get(0);
      assertEquals("Bearer hook-secret", pause.authorization());
      assertEquals(id, pause.body().getString("execution_id"));
      assertEquals("research_task", pause.body().getString("task_id"));
      assertEquals(paused.getString("output"), pause.body().getString("task_output"));
      assertEquals("req-7", pause.body().getJsonObject("meta").getString("requestId"));
      WebhookReceiver.Call task = hooks.await("/task", 1, WITHIN).get(0);
      assertEquals("research_task", task.body().getString("task_id"));
      assertEquals(paused.getString("output"), task.body().getString("output"));
      assertEquals(id, hooks.await("/step", 1, WITHIN).get(0).body().getString("execution_id"));

      crew.resume(id, "research_task", "fine", true);
      crew.awaitStatus(id, "completed", WITHIN);
      Poll.sleep(Duration.ofMillis(500));
      assertEquals(1, hooks.calls("/task").size(), "kickoff's task URL must not be carried over to the resumed run");
      assertEquals(1, hooks.calls("/step").size());
      assertEquals(0, hooks.calls("/crew").size(), "kickoff's crew URL must not be carried over");
      assertEquals(1, hooks.calls("/hitl").size());
    }
  }

  @Test
  void basicAuthPauseWebhookRepeatsOnRetryAndResumeUrlsReceiveTheRest() {
    try (WebhookReceiver hooks = WebhookReceiver.start(env.vertx())) {
      CrewClient crew = CrewClient.of(env.gateway().http());
      String id = crew.kickoff(new JsonObject()
          .put("inputs", new JsonObject().put("topic", "bees"))
          .put("humanInputWebhook", new JsonObject().put("url", hooks.url("/hitl"))
              .put("authentication", new JsonObject().put("strategy", "basic").put("username", "u").put("password", "p w"))));
      crew.awaitStatus(id, "pending_human_input", WITHIN);
      String basic = "Basic " + Base64.getEncoder().encodeToString("u:p w".getBytes(StandardCharsets.UTF_8));
      assertEquals(basic, hooks.await("/hitl", 1, WITHIN).get(0).authorization());

      assertEquals(200, crew.resumeResponse(CrewClient.resumeBody(id, "research_task", "more detail", false)).statusCode());
      WebhookReceiver.Call second = hooks.await("/hitl", 2, WITHIN).get(1);
      assertTrue(second.body().getString("task_output").contains("more detail"), second.body().encode());

      assertEquals(200, crew.resumeResponse(CrewClient.resumeBody(id, "research_task", "ok", true)
          .put("taskWebhookUrl", hooks.url("/task2")).put("crewWebhookUrl", hooks.url("/crew2"))).statusCode());
      JsonObject done = crew.awaitStatus(id, "completed", WITHIN);
      WebhookReceiver.Call end = hooks.await("/crew2", 1, WITHIN).get(0);
      assertEquals("completed", end.body().getString("status"));
      assertEquals(done.getJsonObject("result").getString("output"), end.body().getJsonObject("result").getString("output"));
      assertEquals("reporting_task", hooks.await("/task2", 1, WITHIN).get(0).body().getString("task_id"));
    }
  }

  @Test
  void aResumeThatCompletesTheExecutionCallsTheCrewWebhookItWasGiven() {
    try (WebhookReceiver hooks = WebhookReceiver.start(env.vertx())) {
      CrewClient crew = CrewClient.of(env.gateway().http(), "approval");
      String id = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("item", "a refund"))
          .put("crewWebhookUrl", hooks.url("/crew-from-kickoff")));
      JsonObject paused = crew.awaitStatus(id, "pending_human_input", WITHIN);
      assertEquals("completed", crew.resume(id, "prepare_task", "ok", true).getString("status"));
      assertEquals(400, crew.resumeResponse(CrewClient.resumeBody(id, "prepare_task", "again", true)).statusCode(),
          "a second resume is refused");
      String otherId = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("item", "a loan")));
      crew.awaitStatus(otherId, "pending_human_input", WITHIN);
      JsonObject body = CrewClient.resumeBody(otherId, "prepare_task", "fine", true).put("crewWebhookUrl", hooks.url("/crew"));
      assertEquals(200, crew.resumeResponse(body).statusCode());
      WebhookReceiver.Call end = hooks.await("/crew", 1, WITHIN).get(0);
      assertEquals(otherId, end.body().getString("execution_id"));
      assertEquals("completed", end.body().getString("status"));
      assertEquals(crew.status(otherId).getJsonObject("result").getString("output"),
          end.body().getJsonObject("result").getString("output"));
      Poll.sleep(Duration.ofMillis(300));
      assertEquals(0, hooks.calls("/crew-from-kickoff").size(), "the kickoff's crew URL is not carried over: " + paused);
    }
  }

  @Test
  void aWebhookAnswered503IsRetried() {
    try (WebhookReceiver hooks = WebhookReceiver.start(env.vertx())) {
      hooks.failNext(2);
      CrewClient crew = CrewClient.of(env.gateway().http());
      String id = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("topic", "retry"))
          .put("humanInputWebhook", new JsonObject().put("url", hooks.url("/hitl"))));
      crew.awaitStatus(id, "pending_human_input", WITHIN);
      WebhookReceiver.Call pause = hooks.await("/hitl", 1, WITHIN).get(0);
      assertEquals(id, pause.body().getString("execution_id"));
      assertEquals(null, pause.authorization(), "no authentication configured");
    }
  }

  @Test
  void invalidWebhookSettingsAre422() {
    for (JsonObject bad : new JsonObject[] {
        new JsonObject().put("taskWebhookUrl", "ftp://x/y"),
        new JsonObject().put("humanInputWebhook", new JsonObject().put("url", "http://127.0.0.1:1/h")
            .put("authentication", new JsonObject().put("strategy", "digest"))),
        new JsonObject().put("humanInputWebhook", new JsonObject().put("url", "http://127.0.0.1:1/h")
            .put("authentication", new JsonObject().put("strategy", "bearer")))}) {
      bad.put("inputs", new JsonObject().put("topic", "t"));
      assertEquals(422, env.gateway().post("/kickoff", bad.encode()).statusCode(), bad.encode());
    }
  }
}
