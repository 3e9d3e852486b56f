package io.hitl.gateway.review;

import static io.hitl.gateway.support.Caller.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flow's human-feedback requests: created in the flow's vocabulary, answered with an outcome,
 * first answer wins, idempotent retries, cancel, reassign, callback URLs.
 */
class FlowRequestsIT {

  static final String REQUESTS = "/api/v1/human-input-requests";
  static final String OWNER = "owner@example.com";

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of(
      "HITL_OWNER_EMAIL", OWNER,
      "HITL_REVIEWER_KEYS", "manager@example.com:manage_human_feedback:manager-key-123,"
          + "alice@example.com:respond_to_human_feedback:alice-key-1234,"
          + "bob@example.com:respond_to_human_feedback:bob-key-12345")));

  static Caller service() {
    return Caller.service(env.gateway().port());
  }

  static Caller as(String key) {
    return new Caller(env.gateway().port(), key);
  }

  static JsonObject flowRequest(String flowId) {
    return new JsonObject()
        .put("flow_id", flowId)
        .put("method_name", "review_article")
        .put("message", "Please review this article for publication.")
        .put("output", "# Title\n\nBody of the *article*.")
        .put("emit", new JsonArray().add("approved").add("rejected").add("request_changes"))
        .put("state", new JsonObject().put("article_id", 12345).put("author", "john@example.com"))
        .put("metadata", new JsonObject().put("priority", "high"));
  }

  static JsonObject create(JsonObject body) {
    return expect(201, service().post(REQUESTS, body));
  }

  @Test
  void createsARequestInTheFlowVocabulary() {
    String flow = "flow-" + UUID.randomUUID();
    JsonObject created = create(flowRequest(flow).put("default_outcome", "rejected"));
    String id = created.getString("request_id");
    assertEquals("pending", created.getString("status"));
    assertEquals(OWNER, created.getString("assigned_to_email"), "no routing rule: the owner");
    assertTrue(created.getString("callback_url").startsWith("http://localhost:" + env.gateway().port()
        + "/api/v1/callbacks/" + id + "/"), created.encode());
    JsonObject fetched = expect(200, service().get(REQUESTS + "/" + id));
    assertEquals(flow, fetched.getString("flow_id"));
    assertEquals(flow, fetched.getString("execution_id"));
    assertEquals("review_article", fetched.getString("method_name"));
    assertEquals("Please review this article for publication.", fetched.getString("message"));
    assertEquals("# Title\n\nBody of the *article*.", fetched.getString("output"));
    assertEquals(new JsonArray().add("approved").add("rejected").add("request_changes"), fetched.getJsonArray("emit"));
    assertEquals("rejected", fetched.getString("default_outcome"));
    assertEquals(12345, fetched.getJsonObject("state").getInteger("article_id"));
    assertEquals("high", fetched.getJsonObject("metadata").getString("priority"));
    assertNull(fetched.getValue("result"));

    JsonObject events = expect(200, service().get("/poll/human-input/" + flow + "?timeout=0"));
    JsonObject required = events.getJsonArray("events").getJsonObject(0);
    assertEquals("human_input_required", required.getString("type"));
    assertEquals(id, required.getString("request_id"));
    assertEquals("Please review this article for publication.", required.getString("prompt"));
    assertEquals(fetched.getJsonArray("emit"), required.getJsonArray("emit"));
    assertEquals(OWNER, required.getString("assigned_to_email"));
  }

  @Test
  void invalidFlowRequestsAre422AndStoreNothing() {
    String flow = "flow-invalid-" + UUID.randomUUID();
    assertValidation(flowRequest(flow).put("default_outcome", "maybe"), "default_outcome");
    assertValidation(flowRequest(flow).put("emit", new JsonArray().add("a").add("a")), "emit");
    assertValidation(flowRequest(flow).put("emit", new JsonArray()), "emit");
    assertValidation(flowRequest(flow).put("emit", new JsonArray().add(3)), "emit");
    assertValidation(flowRequest(flow).put("execution_id", "another"), "flow_id");
    assertValidation(flowRequest(flow).put("state", "not an object"), "state");
    JsonObject noFlow = flowRequest(flow);
    noFlow.remove("flow_id");
    assertValidation(noFlow, "flow_id");
    assertEquals(0, expect(200, service().get(REQUESTS + "?flow_id=" + flow)).getJsonArray("requests").size());
  }

  private static void assertValidation(JsonObject body, String field) {
    JsonObject error = expect(422, service().post(REQUESTS, body));
    assertEquals("validation_failed", error.getString("error"));
    assertTrue(error.getString("message").contains(field), error.encode());
  }

  @Test
  void anAnswerGetsTheOutcomeOfItsFirstLineAndTheHumanFeedbackResultShape() {
    JsonObject created = create(flowRequest("flow-" + UUID.randomUUID()));
    JsonObject done = expect(200, service().post(REQUESTS + "/" + created.getString("request_id") + "/response",
        new JsonObject().put("feedback", "  Approved.\nGreat article, ship it.")));
    assertEquals("completed", done.getString("status"));
    JsonObject result = done.getJsonObject("result");
    assertEquals("approved", result.getString("outcome"));
    assertEquals("  Approved.\nGreat article, ship it.", result.getString("feedback"));
    assertEquals("# Title\n\nBody of the *article*.", result.getString("output"));
    assertEquals("review_article", result.getString("method_name"));
    assertEquals("high", result.getJsonObject("metadata").getString("priority"));
    assertEquals("api", result.getString("source"));
    assertEquals("api", result.getString("responder"));
    assertTrue(result.getString("timestamp").endsWith("Z"), result.encode());
    assertNull(done.getValue("callback_url"), "a settled request has no callback URL");
  }

  @Test
  void freeFormFeedbackTakesTheDefaultOutcomeOrNone() {
    JsonObject withDefault = create(flowRequest("flow-" + UUID.randomUUID()).put("default_outcome", "request_changes"));
    JsonObject done = expect(200, service().post(REQUESTS + "/" + withDefault.getString("request_id") + "/response",
        new JsonObject().put("human_feedback", "The intro is too long")));
    assertEquals("request_changes", done.getJsonObject("result").getString("outcome"));

    JsonObject without = create(flowRequest("flow-" + UUID.randomUUID()));
    done = expect(200, service().post(REQUESTS + "/" + without.getString("request_id") + "/response",
        new JsonObject().put("human_feedback", "The intro is too long")));
    assertNull(done.getJsonObject("result").getValue("outcome"));
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyGetsTheSameResult() {
    String id = create(flowRequest("flow-" + UUID.randomUUID())).getString("request_id");
    String path = REQUESTS + "/" + id + "/response";
    JsonObject body = new JsonObject().put("feedback", "rejected\nnot on brand");
    JsonObject first = expect(200, service().call("POST", path, body, Map.of("Idempotency-Key", "key-1")));
    JsonObject retry = expect(200, service().call("POST", path, body, Map.of("Idempotency-Key", "key-1")));
    assertEquals(first.getJsonObject("result"), retry.getJsonObject("result"));
    assertEquals(first.getString("responded_at"), retry.getString("responded_at"));

    JsonObject reused = expect(422, service().call("POST", path, new JsonObject().put("feedback", "approved"),
        Map.of("Idempotency-Key", "key-1")));
    assertEquals("idempotency_key_reused", reused.getString("error"));
    JsonObject other = expect(409, service().call("POST", path, body, Map.of("Idempotency-Key", "key-2")));
    assertEquals("already_responded", other.getString("error"));
    assertEquals("rejected", other.getJsonObject("result").getString("outcome"));
    JsonObject none = expect(409, service().post(path, body));
    assertEquals("rejected", none.getJsonObject("result").getString("outcome"));
  }

  @Test
  void ofManyRacingAnswersExactlyOneWins() throws Exception {
    String flow = "flow-race-" + UUID.randomUUID();
    String id = create(flowRequest(flow)).getString("request_id");
    int racers = 16;
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      JsonObject body = new JsonObject().put("feedback", i % 2 == 0 ? "approved" : "rejected");
      answers.add(CompletableFuture.supplyAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return service().post(REQUESTS + "/" + id + "/response", body);
      }));
    }
    start.countDown();
    int won = 0;
    String winner = null;
    for (CompletableFuture<HttpResponse<String>> f : answers) {
      HttpResponse<String> r = f.get();
      if (r.statusCode() == 200) {
        won++;
        winner = new JsonObject(r.body()).getJsonObject("result").getString("outcome");
      } else {
        assertEquals(409, r.statusCode(), r.body());
      }
    }
    assertEquals(1, won);
    for (CompletableFuture<HttpResponse<String>> f : answers) {
      if (f.get().statusCode() == 409) {
        assertEquals(winner, new JsonObject(f.get().body()).getJsonObject("result").getString("outcome"),
            "every loser sees the recorded result");
      }
    }
    JsonArray events = expect(200, service().get("/poll/human-input/" + flow + "?timeout=0")).getJsonArray("events");
    assertEquals(List.of("human_input_required", "human_input_completed"),
        events.stream().map(e -> ((JsonObject) e).getString("type")).toList());
  }

  @Test
  void aCancelledRequestCannotBeAnswered() {
    String flow = "flow-cancel-" + UUID.randomUUID();
    String id = create(flowRequest(flow)).getString("request_id");
    assertEquals(403, as("alice-key-1234").post(REQUESTS + "/" + id + "/cancel", null).statusCode());
    JsonObject cancelled = expect(200, service().post(REQUESTS + "/" + id + "/cancel", null));
    assertEquals("cancelled", cancelled.getString("status"));
    assertEquals("request_cancelled", expect(409, service().post(REQUESTS + "/" + id + "/response",
        new JsonObject().put("feedback", "approved"))).getString("error"));
    assertEquals("not_pending", expect(409, service().post(REQUESTS + "/" + id + "/cancel", null)).getString("error"));
    JsonArray events = expect(200, service().get("/poll/human-input/" + flow + "?timeout=0")).getJsonArray("events");
    assertEquals("human_input_cancelled", events.getJsonObject(1).getString("type"));
    assertEquals(id, events.getJsonObject(1).getString("request_id"));
  }

  @Test
  void reviewersSeeAndAnswerOnlyWhatIsAssignedToThem() {
    String flow = "flow-assign-" + UUID.randomUUID();
    String id = create(flowRequest(flow)).getString("request_id");
    Caller alice = as("alice-key-1234");
    Caller bob = as("bob-key-12345");
    assertEquals(404, alice.get(REQUESTS + "/" + id).statusCode(), "assigned to the owner, not to alice");
    assertEquals(403, alice.put(REQUESTS + "/" + id + "/assignment",
        new JsonObject().put("assigned_to_email", "alice@example.com")).statusCode(), "reviewers cannot reassign");

    JsonObject moved = expect(200, as("manager-key-123").put(REQUESTS + "/" + id + "/assignment",
        new JsonObject().put("assigned_to_email", "Alice@Example.com")));
    assertEquals("alice@example.com", moved.getString("assigned_to_email"), "emails are kept in lower case");
    assertEquals(1, expect(200, alice.get(REQUESTS + "?flow_id=" + flow)).getJsonArray("requests").size());
    assertEquals(0, expect(200, bob.get(REQUESTS + "?flow_id=" + flow)).getJsonArray("requests").size());
    assertEquals(403, bob.get(REQUESTS + "?assigned_to_email=alice@example.com").statusCode());
    assertEquals(404, bob.get(REQUESTS + "/" + id).statusCode());
    assertEquals(404, bob.post(REQUESTS + "/" + id + "/response", new JsonObject().put("feedback", "approved")).statusCode());
    assertEquals(403, bob.post(REQUESTS, flowRequest("flow-by-bob")).statusCode(), "reviewers do not open requests");

    JsonObject done = expect(200, alice.post(REQUESTS + "/" + id + "/response",
        new JsonObject().put("feedback", "approved").put("source", "dashboard")));
    assertEquals("alice@example.com", done.getJsonObject("result").getString("responder"));
    assertEquals("dashboard", done.getJsonObject("result").getString("source"));
    assertEquals("human_input_reassigned", expect(200, service().get("/poll/human-input/" + flow + "?timeout=0"))
        .getJsonArray("events").getJsonObject(1).getString("type"));
  }

  @Test
  void theCallbackUrlAnswersItsOwnRequestOnceWithoutCredentials() {
    JsonObject first = create(flowRequest("flow-" + UUID.randomUUID()));
    JsonObject second = create(flowRequest("flow-" + UUID.randomUUID()));
    String callback = first.getString("callback_url").replace("http://localhost:" + env.gateway().port(), "");
    Caller anonymous = new Caller(env.gateway().port(), null);
    JsonObject seedBody = new JsonObject().put("feedback", "Approved. Great article!").put("source", "my_custom_app");

    String forged = callback.substring(0, callback.lastIndexOf('/') + 1) + "AAAA" + callback.substring(callback.lastIndexOf('/') + 5);
    assertEquals("invalid_signature", expect(401, anonymous.post(forged, seedBody)).getString("error"));
    String otherRequest = callback.replace(first.getString("request_id"), second.getString("request_id"));
    assertEquals(401, anonymous.post(otherRequest, seedBody).statusCode(), "a signature is only good for its own request");

    JsonObject done = expect(200, anonymous.post(callback, seedBody));
    JsonObject result = done.getJsonObject("result");
    assertEquals("approved", result.getString("outcome"));
    assertEquals("Approved. Great article!", result.getString("feedback"));
    assertEquals("api", result.getString("source"));
    assertEquals("callback", result.getString("responder"));
    assertEquals("my_custom_app", done.getString("source_label"));
    assertEquals("already_responded", expect(409, anonymous.post(callback, seedBody)).getString("error"));
    assertNotEquals(first.getString("callback_url"), second.getString("callback_url"));
  }
}
