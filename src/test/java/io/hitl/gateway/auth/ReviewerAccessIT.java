package io.hitl.gateway.auth;

import static io.hitl.gateway.support.Caller.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reviewers identified by signed JWTs: what they may call, and which events their streams carry
 * (only those of requests assigned to them).
 */
class ReviewerAccessIT {

  private static final String SECRET = "jwt-secret-for-tests-0123456789abcdef";
  private static final String REQUESTS = "/api/v1/human-input-requests";

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of(
      "HITL_OWNER_EMAIL", "owner@example.com", "HITL_JWT_SECRET", SECRET)));

  private static String token(String secret, String email, Set<Permission> permissions) {
    return new JwtPrincipals(env.vertx(), secret, null).issue(email, permissions, 600);
  }

  private static Caller jwt(String token) {
    return new Caller(env.gateway().port(), token);
  }

  @Test
  void signedTokensIdentifyReviewersAndForgedOnesAreRefused() {
    String flow = "flow-" + UUID.randomUUID();
    Caller service = Caller.service(env.gateway().port());
    String id = expect(201, service.post(REQUESTS, new JsonObject().put("flow_id", flow).put("method_name", "m")
        .put("message", "review"))).getString("request_id");
    expect(200, service.put(REQUESTS + "/" + id + "/assignment", new JsonObject().put("assigned_to_email", "alice@example.com")));

    Caller alice = jwt(token(SECRET, "alice@example.com", Set.of(Permission.RESPOND_TO_HUMAN_FEEDBACK)));
    assertEquals(id, expect(200, alice.get(REQUESTS + "/" + id)).getString("request_id"));
    JsonObject me = expect(200, alice.get("/api/v1/me"));
    assertEquals("alice@example.com", me.getString("email"));
    assertEquals(new JsonArray().add("respond_to_human_feedback"), me.getJsonArray("permissions"));
    assertEquals(false, me.getBoolean("service"));

    Caller forged = jwt(token("another-secret-entirely-0123456789abcdef", "alice@example.com",
        Set.of(Permission.MANAGE_HUMAN_FEEDBACK)));
    assertEquals("unauthorized", expect(401, forged.get(REQUESTS + "/" + id)).getString("error"));
    assertEquals(401, jwt("eyJhbGciOiJIUzI1NiJ9.e30.bm90LWEtc2lnbmF0dXJl").get(REQUESTS).statusCode());

    Caller nobody = jwt(token(SECRET, "carol@example.com", Set.of()));
    assertEquals(403, nobody.get(REQUESTS).statusCode());
    assertEquals(403, nobody.get("/poll/human-input?timeout=0").statusCode());
    assertEquals(403, nobody.get("/events/human-input").statusCode());

    JsonObject done = expect(200, alice.post(REQUESTS + "/" + id + "/response", new JsonObject().put("feedback", "ok")));
    assertEquals("alice@example.com", done.getJsonObject("result").getString("responder"));
  }

  @Test
  void aReviewersStreamsCarryOnlyTheirRequestsEvents() {
    String token = token(SECRET, "dave@example.com", Set.of(Permission.RESPOND_TO_HUMAN_FEEDBACK));
    Caller service = Caller.service(env.gateway().port());
    try (EventCollector ws = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input", token)) {
      String flow = "flow-stream-" + UUID.randomUUID();
      String others = expect(201, service.post(REQUESTS, new JsonObject().put("flow_id", flow).put("method_name", "m")
          .put("message", "not for dave"))).getString("request_id");
      String mine = expect(201, service.post(REQUESTS, new JsonObject().put("flow_id", flow).put("method_name", "m")
          .put("message", "for dave"))).getString("request_id");
      expect(200, service.put(REQUESTS + "/" + mine + "/assignment", new JsonObject().put("assigned_to_email", "dave@example.com")));
      expect(200, service.post(REQUESTS + "/" + mine + "/response", new JsonObject().put("feedback", "done")));
      expect(200, service.post(REQUESTS + "/" + others + "/response", new JsonObject().put("feedback", "done")));

      List<JsonObject> events = ws.awaitCount(2, Duration.ofSeconds(10));
      assertEquals(List.of("human_input_reassigned", "human_input_completed"), events.stream().map(e -> e.getString("type")).toList());
      events.forEach(e -> assertEquals(mine, e.getString("request_id")));

      JsonObject polled = expect(200, jwt(token).get("/poll/human-input/" + flow + "?timeout=0"));
      JsonArray visible = polled.getJsonArray("events");
      assertEquals(2, visible.size(), polled.encode());
      visible.forEach(e -> assertEquals(mine, ((JsonObject) e).getString("request_id")));
      JsonArray all = expect(200, service.get("/poll/human-input/" + flow + "?timeout=0")).getJsonArray("events");
      assertEquals(all.getJsonObject(all.size() - 1).getString("event_id"), polled.getString("last_event_id"),
          "the cursor moves past the events dave may not see");
      assertTrue(ws.events().stream().noneMatch(e -> others.equals(e.getString("request_id"))));
    }
  }

  @Test
  void aReviewerCannotAnswerSomeoneElsesRequestInBand() {
    Caller service = Caller.service(env.gateway().port());
    String id = expect(201, service.post(REQUESTS, new JsonObject().put("flow_id", "flow-inband").put("method_name", "m")
        .put("message", "not for erin"))).getString("request_id");
    String token = token(SECRET, "erin@example.com", Set.of(Permission.RESPOND_TO_HUMAN_FEEDBACK));
    try (EventCollector ws = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input", token)) {
      ws.sendText(new JsonObject().put("type", "human_input_response").put("request_id", id)
          .put("human_feedback", "approved").encode());
      JsonObject reply = ws.await(list -> !list.isEmpty(), Duration.ofSeconds(10), "a reply").get(0);
      assertEquals("error", reply.getString("type"));
      assertEquals("not_found", reply.getString("error"));
    }
    assertEquals("pending", expect(200, service.get(REQUESTS + "/" + id)).getString("status"));
  }
}
