package io.hitl.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.CrewClient;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestCrews;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AMP API against the demo crew and test crews: kickoff, pause, retry, approve, complete. */
class CrewExecutionIT {

  private static final Duration WITHIN = Duration.ofSeconds(20);

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(),
      Map.of("HITL_CREWS_DIR", TestCrews.directory().toString())));

  private static CrewClient demo() {
    return CrewClient.of(env.gateway().http());
  }

  private static JsonObject topic(String topic) {
    return new JsonObject().put("inputs", new JsonObject().put("topic", topic));
  }

  @Test
  void inputsListsThePlaceholdersOfTheDefaultCrewAndOfEachCrew() {
    assertEquals(new JsonArray().add("topic"), new JsonObject(env.gateway().get("/inputs").body()).getJsonArray("inputs"));
    assertEquals(new JsonArray().add("subject"),
        new JsonObject(env.gateway().get("/crews/pipeline/inputs").body()).getJsonArray("inputs"));
    assertEquals(404, env.gateway().get("/crews/nope/inputs").statusCode());
  }

  @Test
  void kickoffWithoutARequiredInputIs422NamingIt() {
    HttpResponse<String> response = env.gateway().post("/kickoff", "{\"inputs\":{\"other\":\"x\"}}");
    assertEquals(422, response.statusCode(), response.body());
    JsonObject body = new JsonObject(response.body());
    assertEquals(new JsonArray().add("topic"), body.getJsonObject("details").getJsonArray("missing_inputs"));
    assertNotNull(body.getString("error"));
    assertNotNull(body.getString("message"));
  }

  @Test
  void demoCrewPausesRetriesWithFeedbackThenCompletesWithFeedbackAsContext() {
    CrewClient crew = demo();
    String id = crew.kickoff(topic("AI Research"));

    JsonObject paused = crew.awaitStatus(id, "pending_human_input", WITHIN);
    assertEquals("research_task", paused.getString("task_id"));
    String firstOutput = paused.getString("output");
    assertTrue(firstOutput.contains("Conduct thorough research about AI Research."), firstOutput);
    assertEquals(1, crew.count(id, "human_input_required"));
    JsonObject required = crew.events(id).getJsonObject(0);
    assertEquals("human_input_required", required.getString("type"));
    assertEquals(firstOutput, required.getString("context"));
    assertEquals("research_task", required.getString("task_id"));
    assertNotNull(required.getString("prompt"));
    assertEquals(true, required.getJsonObject("reason_flags").getBoolean("review_required"));
    assertEquals(paused.getString("request_id"), required.getString("request_id"));

    assertEquals("retrying", crew.resume(id, "research_task", "Cite two sources.", false).getString("status"));
    Poll.untilCount(crew, id, "human_input_required", 2);
    JsonObject repaused = crew.awaitStatus(id, "pending_human_input", WITHIN);
    assertEquals("research_task", repaused.getString("task_id"));
    assertTrue(repaused.getString("output").contains("research_task: Cite two sources."), repaused.getString("output"));

    assertEquals("resumed", crew.resume(id, "research_task", "Good, keep it short.", true).getString("status"));
    JsonObject done = crew.awaitStatus(id, "completed", WITHIN);
    JsonArray tasks = done.getJsonObject("result").getJsonArray("tasks");
    assertEquals(2, tasks.size());
    assertEquals("research_task", tasks.getJsonObject(0).getString("task_id"));
    assertEquals(repaused.getString("output"), tasks.getJsonObject(0).getString("output"));
    assertEquals("AI Research Senior Data Researcher", tasks.getJsonObject(0).getString("agent"));
    assertTrue(tasks.getJsonObject(0).getValue("execution_time") instanceof Number);
    JsonObject report = tasks.getJsonObject(1);
    assertEquals("reporting_task", report.getString("task_id"));
    assertTrue(report.getString("output").contains("research_task: " + repaused.getString("output")), report.getString("output"));
    assertTrue(report.getString("output").contains("research_task: Good, keep it short."), report.getString("output"));
    assertEquals(report.getString("output"), done.getJsonObject("result").getString("output"));
    assertTrue(done.getDouble("execution_time") > 0);
    assertEquals(2, crew.count(id, "human_input_required"));
    assertEquals(2, crew.count(id, "human_input_completed"));
  }

  @Test
  void theSeedsCurlBodiesWorkAsWritten() {
    HttpResponse<String> kickoff = env.gateway().post("/kickoff", """
        {
        "inputs": {
        "topic": "AI Research"
        },
        "humanInputWebhook": {
        "url": "https://your-webhook.com/hitl",
        "authentication": {
        "strategy": "basic",
        "username": "your-username",
        "password": "your-password"
        }
        }
        }""");
    assertEquals(200, kickoff.statusCode(), kickoff.body());
    String id = new JsonObject(kickoff.body()).getString("kickoff_id");
    demo().awaitStatus(id, "pending_human_input", WITHIN);
    HttpResponse<String> resume = env.gateway().post("/resume", """
        {
        "execution_id": "%s",
        "task_id": "research_task",
        "human_feedback": "Great work! Please add more details.",
        "is_approve": true,
        "taskWebhookUrl": "https://your-server.com/webhooks/task",
        "stepWebhookUrl": "https://your-server.com/webhooks/step",
        "crewWebhookUrl": "https://your-server.com/webhooks/crew"
        }""".formatted(id));
    assertEquals(200, resume.statusCode(), resume.body());
    assertEquals("resumed", new JsonObject(resume.body()).getString("status"));
    demo().awaitStatus(id, "completed", Duration.ofSeconds(60));
  }

  @Test
  void approvingTheLastTaskCompletes() {
    CrewClient crew = CrewClient.of(env.gateway().http(), "approval");
    String id = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("item", "a refund")));
    crew.awaitStatus(id, "pending_human_input", WITHIN);
    assertEquals("completed", crew.resume(id, "prepare_task", "ok", true).getString("status"));
    JsonObject done = crew.status(id);
    assertEquals("completed", done.getString("status"), "a resume that says completed leaves the execution completed");
    assertEquals(done.getJsonObject("result").getJsonArray("tasks").getJsonObject(0).getString("output"),
        done.getJsonObject("result").getString("output"));
    assertEquals(1, done.getJsonObject("result").getJsonArray("tasks").size());
  }

  @Test
  void aCrewWithoutReviewRunsAllTasksInOrderUnderItsOwnPath() {
    CrewClient crew = CrewClient.of(env.gateway().http(), "pipeline");
    String id = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("subject", "tides")));
    JsonObject done = crew.awaitStatus(id, "completed", WITHIN);
    JsonArray tasks = done.getJsonObject("result").getJsonArray("tasks");
    assertEquals(List.of("outline_task", "draft_task", "polish_task"),
        tasks.stream().map(t -> ((JsonObject) t).getString("task_id")).toList());
    assertTrue(tasks.getJsonObject(2).getString("output").contains("draft_task: " + tasks.getJsonObject(1).getString("output")));
    assertEquals(0, crew.count(id, "human_input_required"));
    assertEquals(404, CrewClient.of(env.gateway().http(), "approval").statusResponse(id).statusCode(),
        "an execution is found only under its own crew");
  }

  @Test
  void aCelConditionPausesOnlyWhenItHolds() {
    CrewClient crew = CrewClient.of(env.gateway().http(), "payment");
    String small = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("payee", "Ann").put("amount", 50)));
    String large = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("payee", "Bob").put("amount", 5000)));
    crew.awaitStatus(small, "completed", WITHIN);
    assertEquals(0, crew.count(small, "human_input_required"));
    crew.awaitStatus(large, "pending_human_input", WITHIN);
    JsonObject required = crew.events(large).getJsonObject(0);
    assertEquals("inputs.amount > 1000", required.getJsonObject("reason_flags").getString("condition"));
    String broken = crew.kickoff(new JsonObject().put("inputs", new JsonObject().put("payee", "Cy").put("amount", "a lot")));
    JsonObject error = crew.awaitStatus(broken, "error", WITHIN);
    assertTrue(error.getString("error").contains("inputs.amount > 1000"), error.encode());
  }

  @Test
  void resumeRefusesWhatIsNotPendingAndUnknownIds() {
    CrewClient crew = demo();
    String id = crew.kickoff(topic("bees"));
    crew.awaitStatus(id, "pending_human_input", WITHIN);

    HttpResponse<String> wrongTask = crew.resumeResponse(CrewClient.resumeBody(id, "reporting_task", "x", true));
    assertEquals(400, wrongTask.statusCode(), wrongTask.body());
    assertEquals(404, crew.resumeResponse(CrewClient.resumeBody(id, "no_such_task", "x", true)).statusCode());
    assertEquals(404, crew.resumeResponse(CrewClient.resumeBody("6f0c1f4e-8d2a-4c55-9a47-0d3c5e1f2a3b", "research_task", "x", true)).statusCode());
    assertEquals(404, crew.resumeResponse(CrewClient.resumeBody("not-a-uuid", "research_task", "x", true)).statusCode());
    assertEquals(404, crew.statusResponse("6f0c1f4e-8d2a-4c55-9a47-0d3c5e1f2a3b").statusCode());
    assertEquals(422, crew.resumeResponse(new JsonObject().put("execution_id", id).put("task_id", "research_task")
        .put("human_feedback", "x")).statusCode(), "is_approve is required");

    crew.resume(id, "research_task", "fine", true);
    HttpResponse<String> again = crew.resumeResponse(CrewClient.resumeBody(id, "research_task", "again", true));
    assertEquals(400, again.statusCode(), again.body());
    assertEquals("not_pending_human_input", new JsonObject(again.body()).getString("error"));
  }

  /**
   * All racers approve: a rejection would make the task run again and pause anew, and an answer
   * arriving after that legitimately answers the new pause (AMP's resume names no pause).
   */
  @Test
  void ofRacingResumesExactlyOneSucceeds() throws Exception {
    CrewClient crew = demo();
    String id = crew.kickoff(topic("racing"));
    crew.awaitStatus(id, "pending_human_input", WITHIN);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String feedback = "answer " + i;
        calls.add(pool.submit(() -> {
          start.await();
          return crew.resumeResponse(CrewClient.resumeBody(id, "research_task", feedback, true));
        }));
      }
      start.countDown();
      List<String> winners = new ArrayList<>();
      for (int i = 0; i < calls.size(); i++) {
        HttpResponse<String> response = calls.get(i).get();
        assertTrue(response.statusCode() == 200 || response.statusCode() == 400, "unexpected " + response.statusCode() + " " + response.body());
        if (response.statusCode() == 200) {
          winners.add("answer " + i);
        }
      }
      assertEquals(1, winners.size(), "winners: " + winners);
      JsonObject done = crew.awaitStatus(id, "completed", WITHIN);
      assertEquals(1, crew.count(id, "human_input_completed"));
      String report = done.getJsonObject("result").getString("output");
      assertTrue(report.contains("research_task: " + winners.get(0)), report);
      assertEquals(1, report.split("research_task: answer ").length - 1, "only the winner's feedback is context: " + report);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void answeringThePauseThroughTheRequestApiResumesTheExecution() {
    CrewClient crew = demo();
    String id = crew.kickoff(topic("owls"));
    JsonObject paused = crew.awaitStatus(id, "pending_human_input", WITHIN);
    env.gateway().http().respond(paused.getString("request_id"), "approved from the review queue");
    JsonObject done = crew.awaitStatus(id, "completed", WITHIN);
    assertTrue(done.getJsonObject("result").getString("output").contains("research_task: approved from the review queue"));
    HttpResponse<String> late = crew.resumeResponse(CrewClient.resumeBody(id, "research_task", "late", true));
    assertEquals(400, late.statusCode(), late.body());
  }

  /** Waiting on event counts. */
  private static final class Poll {
    static void untilCount(CrewClient crew, String id, String type, long n) {
      io.hitl.gateway.support.Poll.until(() -> crew.count(id, type) >= n, WITHIN,
          () -> id + " has " + crew.count(id, type) + " " + type + " events, wanted " + n);
    }
  }
}
