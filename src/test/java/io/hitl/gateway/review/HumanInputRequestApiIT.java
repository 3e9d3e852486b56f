package io.hitl.gateway.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HumanInputRequestApiIT {

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.create();


  static JsonObject create(String executionId) {
    HttpResponse<String> created = env.gateway().post("/api/v1/human-input-requests", new JsonObject()
        .put("execution_id", executionId).put("task_id", "review_task").put("prompt", "Approve the draft?")
        .put("context", "draft text").put("crew_id", "crew-1").put("agent_id", "writer")
        .put("reason_flags", new JsonObject().put("ambiguity", true).put("missing_field", false)).encode());
    assertEquals(201, created.statusCode(), created.body());
    return new JsonObject(created.body());
  }

  @Test
  void createStoresAPendingRequestAndEmitsHumanInputRequired() {
    JsonObject request = create("exec-create");
    assertEquals("pending", request.getString("status"));
    assertNotNull(request.getString("request_id"));
    assertNotNull(request.getString("event_id"));

    JsonArray events = new JsonObject(env.gateway().get("/poll/human-input/exec-create").body()).getJsonArray("events");
    assertEquals(1, events.size());
    JsonObject event = events.getJsonObject(0);
    assertEquals("human_input_required", event.getString("type"));
    assertEquals(request.getString("event_id"), event.getString("event_id"));
    for (String field : List.of("type", "execution_id", "crew_id", "task_id", "agent_id", "prompt", "context",
        "timestamp", "event_id", "reason_flags")) {
      assertTrue(event.containsKey(field), "human_input_required lacks " + field);
    }
    assertEquals(true, event.getJsonObject("reason_flags").getBoolean("ambiguity"));
    assertEquals("Approve the draft?", event.getString("prompt"));
  }

  @Test
  void responseCompletesTheRequestAndEmitsHumanInputCompleted() {
    JsonObject request = create("exec-respond");
    HttpResponse<String> answered = env.gateway().post("/api/v1/human-input-requests/" + request.getString("request_id")
        + "/response", "{\"human_feedback\":\"Looks good\",\"is_approve\":true}");
    assertEquals(200, answered.statusCode(), answered.body());
    assertEquals("completed", new JsonObject(answered.body()).getString("status"));

    JsonArray events = new JsonObject(env.gateway().get("/poll/human-input/exec-respond").body()).getJsonArray("events");
    assertEquals(2, events.size());
    JsonObject completed = events.getJsonObject(1);
    assertEquals("human_input_completed", completed.getString("type"));
    assertEquals("Looks good", completed.getString("human_feedback"));
    for (String field : List.of("type", "execution_id", "crew_id", "task_id", "agent_id", "event_id",
        "human_feedback", "timestamp")) {
      assertTrue(completed.containsKey(field), "human_input_completed lacks " + field);
    }

    JsonObject fetched = new JsonObject(env.gateway().get("/api/v1/human-input-requests/" + request.getString("request_id")).body());
    assertEquals("Looks good", fetched.getString("human_feedback"));
    assertEquals(true, fetched.getBoolean("is_approve"));
  }

  @Test
  void aSecondResponseGets409WithTheRecordedState() {
    JsonObject request = create("exec-twice");
    String path = "/api/v1/human-input-requests/" + request.getString("request_id") + "/response";
    assertEquals(200, env.gateway().post(path, "{\"human_feedback\":\"first\"}").statusCode());
    HttpResponse<String> second = env.gateway().post(path, "{\"human_feedback\":\"second\"}");
    assertEquals(409, second.statusCode());
    JsonObject body = new JsonObject(second.body());
    assertEquals("already_responded", body.getString("error"));
    assertEquals("first", body.getJsonObject("request").getString("human_feedback"));
  }

  @Test
  void racingResponsesHaveExactlyOneWinnerAndOneCompletedEvent() throws Exception {
    JsonObject request = create("exec-race");
    String path = "/api/v1/human-input-requests/" + request.getString("request_id") + "/response";
    int racers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        String feedback = "answer-" + i;
        calls.add(() -> env.gateway().post(path, new JsonObject().put("human_feedback", feedback).encode()).statusCode());
      }
      int ok = 0;
      int conflict = 0;
      for (Future<Integer> status : pool.invokeAll(calls)) {
        if (status.get() == 200) {
          ok++;
        } else if (status.get() == 409) {
          conflict++;
        }
      }
      assertEquals(1, ok);
      assertEquals(racers - 1, conflict);
    } finally {
      pool.shutdownNow();
    }
    JsonArray events = new JsonObject(env.gateway().get("/poll/human-input/exec-race").body()).getJsonArray("events");
    assertEquals(2, events.size(), "one required and exactly one completed event");
  }

  @Test
  void listFiltersByExecutionAndStatus() {
    JsonObject a = create("exec-list");
    create("exec-list");
    env.gateway().post("/api/v1/human-input-requests/" + a.getString("request_id") + "/response", "{\"human_feedback\":\"x\"}");
    JsonArray pending = new JsonObject(env.gateway().get("/api/v1/human-input-requests?execution_id=exec-list&status=pending").body())
        .getJsonArray("requests");
    JsonArray all = new JsonObject(env.gateway().get("/api/v1/human-input-requests?execution_id=exec-list").body())
        .getJsonArray("requests");
    assertEquals(1, pending.size());
    assertEquals(2, all.size());
    assertEquals(400, env.gateway().get("/api/v1/human-input-requests?status=bogus").statusCode());
  }
}
