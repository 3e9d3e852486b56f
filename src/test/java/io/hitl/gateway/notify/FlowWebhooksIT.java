package io.hitl.gateway.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.support.FreePorts;
import io.hitl.gateway.support.LogCapture;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.SeedPythonClient;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Signed webhooks for human-feedback requests, end to end: real gateways on real PostgreSQL,
 * real HTTP receivers, and the seed's Python verification snippet. Gateway {@code retrying}
 * allows 3 attempts 1 s apart (doubling); gateway {@code once} allows one attempt of at most 1 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowWebhooksIT {

  private static final String REVIEWER_KEY = "reviewer-key-0123456789";
  private static final Duration DELIVERY = Duration.ofSeconds(15);
  private static final Set<String> SEED_TOP_LEVEL = Set.of("event", "request", "deployment", "callback_url",
      "assigned_to_email");
  private static final Set<String> SEED_REQUEST = Set.of("id", "flow_id", "method_name", "message", "emit_options",
      "state", "metadata", "created_at");
  /** Every signing secret handed out in this class, to look for in logs and rows at the end. */
  private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

  private static LogCapture logs;
  private static Vertx receivers;
  private static TestGateway retrying;
  private static TestGateway once;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    receivers = Vertx.vertx();
    int port = FreePorts.next();
    retrying = TestGateway.start(TestDatabases.fresh(), Map.of(
        "HITL_HTTP_PORT", String.valueOf(port),
        "HITL_PUBLIC_URL", "http://127.0.0.1:" + port,
        "HITL_WEBHOOK_MAX_ATTEMPTS", "3",
        "HITL_WEBHOOK_RETRY_BASE_SECONDS", "1",
        "HITL_REVIEWER_KEYS", "reviewer@example.com:respond_to_human_feedback:" + REVIEWER_KEY,
        "HITL_OWNER_EMAIL", "owner@example.com",
        "HITL_DEPLOYMENT_ID", "456",
        "HITL_DEPLOYMENT_NAME", "Content Review Flow",
        "HITL_ORGANIZATION_ID", "789"));
    once = TestGateway.start(TestDatabases.fresh(), Map.of(
        "HITL_WEBHOOK_MAX_ATTEMPTS", "1",
        "HITL_FLOW_WEBHOOK_TIMEOUT_SECONDS", "1"));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {retrying, once}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing the rest matters more
        }
      }
    }
    if (receivers != null) {
      receivers.close().await();
    }
    if (logs != null) {
      logs.close();
    }
  }

  @Test
  @Order(1)
  void newRequestReachesEveryWebhookSignedWithItsOwnSecretAndTheCallbackUrlCompletesIt() {
    SeedPythonClient.requirePython();
    try (RecordingReceiver first = RecordingReceiver.start(receivers);
         RecordingReceiver second = RecordingReceiver.start(receivers)) {
      JsonObject hookA = createWebhook(retrying, first.url(), null);
      JsonObject hookB = createWebhook(retrying, second.url(), null);
      try {
        String flowId = "flow_" + UUID.randomUUID();
        JsonObject created = createRequest(retrying, flowId);
        String requestId = created.getString("request_id");

        RecordingReceiver.Call a = first.await(requestId, "new_request", 1, DELIVERY).get(0);
        RecordingReceiver.Call b = second.await(requestId, "new_request", 1, DELIVERY).get(0);
        for (RecordingReceiver.Call call : List.of(a, b)) {
          assertEquals("POST", call.method());
          assertTrue(call.header("Content-Type").startsWith("application/json"), call.headers().toString());
          assertTrue(call.header("X-Signature").matches("sha256=[0-9a-f]{64}"), call.header("X-Signature"));
          long skew = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(call.header("X-Timestamp")));
          assertTrue(skew < 60, "X-Timestamp is Unix seconds of now: " + call.header("X-Timestamp"));
          assertNotNull(call.header("X-Delivery-Id"));
          assertSeedShape(call.json(), requestId, flowId);
        }
        assertEquals(hookA.getString("id"), a.header("X-Webhook-Id"));
        assertEquals(hookB.getString("id"), b.header("X-Webhook-Id"));
        assertEquals(a.body(), b.body(), "both webhooks sign the same payload");
        assertNotEquals(a.header("X-Signature"), b.header("X-Signature"), "each webhook has its own secret");

        String secretA = hookA.getString("signing_secret");
        String secretB = hookB.getString("signing_secret");
        assertTrue(SeedSignatureCheck.accepts(secretA, a.header("X-Timestamp"), a.body(), a.header("X-Signature")),
            "the seed's snippet accepts the first webhook's signature");
        assertTrue(SeedSignatureCheck.accepts(secretB, b.header("X-Timestamp"), b.body(), b.header("X-Signature")),
            "the seed's snippet accepts the second webhook's signature");
        String tampered = a.body().replace("Please review this article", "Please publish this article");
        assertNotEquals(a.body(), tampered);
        assertFalse(SeedSignatureCheck.accepts(secretA, a.header("X-Timestamp"), tampered, a.header("X-Signature")),
            "a tampered payload is rejected");
        assertFalse(SeedSignatureCheck.accepts(secretB, a.header("X-Timestamp"), a.body(), a.header("X-Signature")),
            "another webhook's secret does not verify");
        String otherTime = String.valueOf(Long.parseLong(a.header("X-Timestamp")) + 1);
        assertFalse(SeedSignatureCheck.accepts(secretA, otherTime, a.body(), a.header("X-Signature")),
            "the timestamp is part of what is signed");

        // the receiver answers through the payload's callback_url, without any credential
        String callbackUrl = a.json().getString("callback_url");
        HttpResponse<String> answered = TestGateway.send(HttpRequest.newBuilder(URI.create(callbackUrl))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"feedback\": \"Approved. Great article!\", \"source\": \"my_custom_app\"}")));
        assertEquals(200, answered.statusCode(), answered.body());
        assertEquals("completed", new JsonObject(answered.body()).getString("status"));

        for (RecordingReceiver receiver : List.of(first, second)) {
          RecordingReceiver.Call done = receiver.await(requestId, "request_completed", 1, DELIVERY).get(0);
          JsonObject payload = done.json();
          assertEquals("request_completed", payload.getString("event"));
          assertEquals(requestId, payload.getJsonObject("request").getString("id"));
          assertEquals("completed", payload.getJsonObject("request").getString("status"));
          assertEquals("Approved. Great article!", payload.getJsonObject("result").getString("feedback"));
          assertEquals("review_article", payload.getJsonObject("result").getString("method_name"));
          assertTrue(payload.getJsonObject("result").containsKey("outcome"), payload.encode());
          assertEquals(456L, payload.getJsonObject("deployment").getLong("id"));
        }
        RecordingReceiver.Call completedA = first.callsFor(requestId, "request_completed").get(0);
        assertTrue(SeedSignatureCheck.accepts(secretA, completedA.header("X-Timestamp"), completedA.body(),
            completedA.header("X-Signature")), "request_completed is signed the same way");

        JsonObject delivered = awaitDelivery(retrying, hookA.getString("id"), requestId, "new_request", "delivered");
        assertEquals(1, delivered.getInteger("attempts"));
        assertEquals(200, delivered.getInteger("last_status_code"));
        assertEquals(a.header("X-Delivery-Id"), delivered.getString("id"));
        JsonObject full = getJson(retrying, "/api/v1/webhook-deliveries/" + delivered.getString("id"), 200);
        assertEquals(a.body(), full.getString("payload"), "the delivery log keeps the exact bytes sent");
      } finally {
        deleteWebhook(retrying, hookA.getString("id"));
        deleteWebhook(retrying, hookB.getString("id"));
      }
    }
  }

  @Test
  @Order(2)
  void aServerErrorIsRetriedWithTheSamePayloadUntilDelivered() {
    try (RecordingReceiver flaky = RecordingReceiver.start(receivers).thenAnswer(500)) {
      JsonObject hook = createWebhook(retrying, flaky.url(), null);
      try {
        String requestId = createRequest(retrying, "flow_retry").getString("request_id");
        List<RecordingReceiver.Call> calls = flaky.await(requestId, "new_request", 2, DELIVERY);
        assertEquals(calls.get(0).body(), calls.get(1).body(), "a retry sends the same payload");
        assertEquals(calls.get(0).header("X-Delivery-Id"), calls.get(1).header("X-Delivery-Id"));
        long gapMillis = Duration.between(calls.get(0).at(), calls.get(1).at()).toMillis();
        assertTrue(gapMillis >= 900, "the retry waits the base delay (1 s), waited " + gapMillis + " ms");
        for (RecordingReceiver.Call call : calls) {
          assertTrue(SeedSignatureCheck.accepts(hook.getString("signing_secret"), call.header("X-Timestamp"),
              call.body(), call.header("X-Signature")));
        }

        JsonObject delivery = awaitDelivery(retrying, hook.getString("id"), requestId, "new_request", "delivered");
        assertEquals(2, delivery.getInteger("attempts"));
        JsonArray log = getJson(retrying, "/api/v1/webhook-deliveries/" + delivery.getString("id"), 200)
            .getJsonArray("attempt_log");
        assertEquals(2, log.size(), log.encode());
        assertEquals(500, log.getJsonObject(0).getInteger("status_code"));
        assertEquals(200, log.getJsonObject(1).getInteger("status_code"));
      } finally {
        deleteWebhook(retrying, hook.getString("id"));
      }
    }
  }

  @Test
  @Order(3)
  void aClientErrorFailsWithoutRetryIsListedInTheDeliveryLogAndCanBeReplayed() {
    try (RecordingReceiver refusing = RecordingReceiver.start(receivers).answering(400)) {
      JsonObject hook = createWebhook(retrying, refusing.url(), List.of("new_request"));
      String hookId = hook.getString("id");
      try {
        String requestId = createRequest(retrying, "flow_refused").getString("request_id");
        RecordingReceiver.Call first = refusing.await(requestId, "new_request", 1, DELIVERY).get(0);
        JsonObject failed = awaitDelivery(retrying, hookId, requestId, "new_request", "failed");
        assertEquals(400, failed.getInteger("last_status_code"));
        assertEquals(1, failed.getInteger("attempts"));
        assertNotNull(failed.getString("last_error"));

        JsonArray listed = getJson(retrying, "/api/v1/webhooks/" + hookId + "/deliveries?status=failed&limit=10", 200)
            .getJsonArray("deliveries");
        assertTrue(listed.stream().map(JsonObject.class::cast).anyMatch(d -> d.getString("id").equals(failed.getString("id"))
            && d.getInteger("last_status_code") == 400), listed.encode());
        assertTrue(getJson(retrying, "/api/v1/webhooks/" + hookId + "/deliveries?status=delivered", 200)
            .getJsonArray("deliveries").isEmpty());
        assertEquals(400, status(retrying.get("/api/v1/webhooks/" + hookId + "/deliveries?status=lost")));

        Poll.sleep(Duration.ofMillis(3500)); // past every retry a 5xx would have had (1 s, then 2 s)
        assertEquals(1, refusing.callsFor(requestId).size(), "a 4xx is not retried");

        refusing.answering(200);
        HttpResponse<String> replayed = retrying.post("/api/v1/webhook-deliveries/" + failed.getString("id") + "/replay", "");
        assertEquals(202, replayed.statusCode(), replayed.body());
        assertEquals("pending", new JsonObject(replayed.body()).getString("status"));
        RecordingReceiver.Call again = refusing.await(requestId, "new_request", 2, DELIVERY).get(1);
        assertEquals(first.body(), again.body(), "a replay sends the same payload");
        assertTrue(SeedSignatureCheck.accepts(hook.getString("signing_secret"), again.header("X-Timestamp"),
            again.body(), again.header("X-Signature")), "a replay is signed anew");
        JsonObject delivered = awaitDelivery(retrying, hookId, requestId, "new_request", "delivered");
        assertEquals(1, delivered.getInteger("replays"));
        assertEquals(404, status(retrying.post("/api/v1/webhook-deliveries/" + UUID.randomUUID() + "/replay", "")),
            "an unknown delivery is 404");

        // subscribed to new_request only: answering sends nothing to this webhook
        retrying.http().respond(requestId, "fine");
        Poll.sleep(Duration.ofSeconds(1));
        assertTrue(refusing.callsFor(requestId, "request_completed").isEmpty());
      } finally {
        deleteWebhook(retrying, hookId);
      }
    }
  }

  @Test
  @Order(4)
  void webhooksAreConfiguredValidatedRotatedAndDeleted() {
    try (RecordingReceiver receiver = RecordingReceiver.start(receivers)) {
      assertEquals(422, status(retrying.post("/api/v1/webhooks", "{\"url\":\"ftp://example.com/x\"}")));
      assertEquals(422, status(retrying.post("/api/v1/webhooks", "{\"url\":\"/relative\"}")));
      assertEquals(422, status(retrying.post("/api/v1/webhooks", "{}")));
      assertEquals(422, status(retrying.post("/api/v1/webhooks", "{\"url\":\"https://x.example\",\"events\":[\"nope\"]}")));
      assertEquals(422, status(retrying.post("/api/v1/webhooks", "{\"url\":\"https://x.example\",\"active\":\"yes\"}")));
      HttpResponse<String> invalid = retrying.post("/api/v1/webhooks", "{\"url\":\"mailto:a@b\"}");
      JsonObject error = new JsonObject(invalid.body());
      assertNotNull(error.getString("error"));
      assertNotNull(error.getString("message"));
      assertEquals(404, status(retrying.get("/api/v1/webhooks/" + UUID.randomUUID())));
      assertEquals(404, status(retrying.get("/api/v1/webhooks/not-a-uuid")));
      assertEquals(404, status(retrying.get("/api/v1/webhook-deliveries/1-1-1-1-1")));

      JsonObject hook = createWebhook(retrying, receiver.url(), null);
      String id = hook.getString("id");
      assertEquals(new JsonArray().add("new_request").add("request_completed"), hook.getJsonArray("events"));
      assertEquals(true, hook.getBoolean("active"));
      assertTrue(hook.getString("signing_secret").startsWith("whsec_"));

      JsonObject read = getJson(retrying, "/api/v1/webhooks/" + id, 200);
      assertFalse(read.containsKey("signing_secret"), "the secret is shown only once");
      assertEquals("Publishing pipeline", read.getString("description"));
      JsonArray all = getJson(retrying, "/api/v1/webhooks", 200).getJsonArray("webhooks");
      assertTrue(all.stream().map(JsonObject.class::cast).anyMatch(w -> w.getString("id").equals(id)));
      assertFalse(all.encode().contains("whsec_"));

      // inactive: a new request sends nothing
      JsonObject patched = send(retrying, "PATCH", "/api/v1/webhooks/" + id, "{\"active\":false}", 200);
      assertEquals(false, patched.getBoolean("active"));
      assertEquals("Publishing pipeline", patched.getString("description"), "PATCH keeps what it does not name");
      String quiet = createRequest(retrying, "flow_inactive").getString("request_id");
      Poll.sleep(Duration.ofSeconds(1));
      assertTrue(receiver.callsFor(quiet).isEmpty(), "an inactive webhook gets nothing");

      JsonObject replaced = send(retrying, "PUT", "/api/v1/webhooks/" + id,
          new JsonObject().put("url", receiver.url()).put("events", new JsonArray().add("new_request")).encode(), 200);
      assertEquals(true, replaced.getBoolean("active"), "PUT resets what it does not name");
      assertNull(replaced.getString("description"));
      assertEquals(new JsonArray().add("new_request"), replaced.getJsonArray("events"));
      assertEquals(422, status(sendRaw(retrying, "PUT", "/api/v1/webhooks/" + id, "{\"url\":\"nope\"}")));

      HttpResponse<String> rotatedResponse = retrying.post("/api/v1/webhooks/" + id + "/rotate-secret", "");
      assertEquals(200, rotatedResponse.statusCode(), rotatedResponse.body());
      String rotated = new JsonObject(rotatedResponse.body()).getString("signing_secret");
      SECRETS.add(rotated);
      assertNotEquals(hook.getString("signing_secret"), rotated);
      String requestId = createRequest(retrying, "flow_rotated").getString("request_id");
      RecordingReceiver.Call call = receiver.await(requestId, "new_request", 1, DELIVERY).get(0);
      assertTrue(SeedSignatureCheck.accepts(rotated, call.header("X-Timestamp"), call.body(), call.header("X-Signature")),
          "deliveries after a rotation are signed with the new secret");
      assertFalse(SeedSignatureCheck.accepts(hook.getString("signing_secret"), call.header("X-Timestamp"), call.body(),
          call.header("X-Signature")), "the old secret no longer verifies");

      assertEquals(204, status(sendRaw(retrying, "DELETE", "/api/v1/webhooks/" + id, null)));
      assertEquals(404, status(retrying.get("/api/v1/webhooks/" + id)));
      assertEquals(404, status(sendRaw(retrying, "DELETE", "/api/v1/webhooks/" + id, null)));
      assertEquals(404, status(retrying.post("/api/v1/webhooks/" + id + "/rotate-secret", "")));
    }
  }

  @Test
  @Order(5)
  void aResponderWithoutManagePermissionIsForbidden() {
    JsonObject hook = createWebhook(retrying, "https://hooks.example.com/hitl", null);
    try {
      for (String[] call : List.of(
          new String[] {"GET", "/api/v1/webhooks", null},
          new String[] {"POST", "/api/v1/webhooks", "{\"url\":\"https://evil.example\"}"},
          new String[] {"GET", "/api/v1/webhooks/" + hook.getString("id"), null},
          new String[] {"PATCH", "/api/v1/webhooks/" + hook.getString("id"), "{\"active\":false}"},
          new String[] {"DELETE", "/api/v1/webhooks/" + hook.getString("id"), null},
          new String[] {"POST", "/api/v1/webhooks/" + hook.getString("id") + "/rotate-secret", ""},
          new String[] {"GET", "/api/v1/webhooks/" + hook.getString("id") + "/deliveries", null},
          new String[] {"GET", "/api/v1/webhook-deliveries/" + UUID.randomUUID(), null},
          new String[] {"POST", "/api/v1/webhook-deliveries/" + UUID.randomUUID() + "/replay", ""})) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(retrying.url(call[1])))
            .header("Authorization", "Bearer " + REVIEWER_KEY).header("Content-Type", "application/json")
            .method(call[0], call[2] == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call[2]));
        HttpResponse<String> response = TestGateway.send(request);
        assertEquals(403, response.statusCode(), call[0] + " " + call[1] + ": " + response.body());
        assertEquals("forbidden", new JsonObject(response.body()).getString("error"));
      }
      assertEquals(401, TestGateway.send(HttpRequest.newBuilder(URI.create(retrying.url("/api/v1/webhooks"))).GET())
          .statusCode());
      assertEquals(true, getJson(retrying, "/api/v1/webhooks/" + hook.getString("id"), 200).getBoolean("active"),
          "the forbidden PATCH changed nothing");
    } finally {
      deleteWebhook(retrying, hook.getString("id"));
    }
  }

  @Test
  @Order(6)
  void withOneAttemptAServerErrorIsNotRetried() {
    try (RecordingReceiver failing = RecordingReceiver.start(receivers).answering(500)) {
      JsonObject hook = createWebhook(once, failing.url(), null);
      try {
        String requestId = createRequest(once, "flow_once").getString("request_id");
        failing.await(requestId, "new_request", 1, DELIVERY);
        JsonObject failed = awaitDelivery(once, hook.getString("id"), requestId, "new_request", "failed");
        assertEquals(500, failed.getInteger("last_status_code"));
        assertEquals(1, failed.getInteger("attempts"));
        Poll.sleep(Duration.ofSeconds(3)); // the default base delay is 2 s
        assertEquals(1, failing.callsFor(requestId).size(), "HITL_WEBHOOK_MAX_ATTEMPTS=1 means no retry");
      } finally {
        deleteWebhook(once, hook.getString("id"));
      }
    }
  }

  @Test
  @Order(7)
  void aReceiverThatNeverAnswersIsAFailedAttemptAfterTheTimeout() {
    try (RecordingReceiver silent = RecordingReceiver.start(receivers).hanging()) {
      JsonObject hook = createWebhook(once, silent.url(), null);
      try {
        String requestId = createRequest(once, "flow_timeout").getString("request_id");
        silent.await(requestId, "new_request", 1, DELIVERY);
        JsonObject failed = awaitDelivery(once, hook.getString("id"), requestId, "new_request", "failed");
        assertNull(failed.getInteger("last_status_code"));
        assertTrue(failed.getString("last_error").toLowerCase().contains("timeout")
            || failed.getString("last_error").toLowerCase().contains("timed out"), failed.encode());
        JsonObject attempt = getJson(once, "/api/v1/webhook-deliveries/" + failed.getString("id"), 200)
            .getJsonArray("attempt_log").getJsonObject(0);
        assertNull(attempt.getInteger("status_code"));
        long took = attempt.getLong("duration_ms");
        assertTrue(took >= 900 && took < 10_000, "gave up after HITL_FLOW_WEBHOOK_TIMEOUT_SECONDS=1: " + took + " ms");
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains(failed.getString("id")) && l.contains("timed out")),
            "the timed-out attempt is logged");
      } finally {
        deleteWebhook(once, hook.getString("id"));
      }
    }
  }

  @Test
  @Order(8)
  void twoReplicasOnOneDatabaseSendEachDeliveryOnce() {
    try (RecordingReceiver receiver = RecordingReceiver.start(receivers);
         TestGateway replica = TestGateway.start(retrying.database(), Map.of("HITL_WEBHOOK_MAX_ATTEMPTS", "3"))) {
      JsonObject hook = createWebhook(retrying, receiver.url(), List.of("new_request"));
      try {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          ids.add(createRequest(i % 2 == 0 ? retrying : replica, "flow_replicas_" + i).getString("request_id"));
        }
        for (String id : ids) {
          receiver.await(id, "new_request", 1, DELIVERY);
        }
        Poll.sleep(Duration.ofSeconds(1));
        for (String id : ids) {
          assertEquals(1, receiver.callsFor(id).size(), "request " + id + " was announced once");
        }
      } finally {
        deleteWebhook(retrying, hook.getString("id"));
      }
    }
  }

  @Test
  @Order(100)
  void signingSecretsAreNeitherLoggedNorStoredInPlainText() throws SQLException {
    try (RecordingReceiver receiver = RecordingReceiver.start(receivers)) {
      JsonObject hook = createWebhook(retrying, receiver.url(), null);
      String requestId = createRequest(retrying, "flow_secrets").getString("request_id");
      RecordingReceiver.Call call = receiver.await(requestId, "new_request", 1, DELIVERY).get(0);
      String deliveryId = call.header("X-Delivery-Id");
      Poll.until(() -> logs.lines().stream().anyMatch(l -> l.contains(deliveryId) && l.contains("delivered")),
          DELIVERY, () -> "no log line for delivery " + deliveryId);

      assertTrue(SECRETS.size() >= 8, "secrets seen: " + SECRETS.size());
      List<String> lines = logs.lines();
      for (String secret : SECRETS) {
        String body = secret.substring(SigningSecrets.PREFIX.length());
        for (String line : lines) {
          assertFalse(line.contains(body), "a signing secret was logged: " + line);
        }
      }

      DatabaseTarget db = retrying.database();
      try (Connection conn = db.openJdbc();
           PreparedStatement row = conn.prepareStatement(
               "select secret_ciphertext, secret_nonce, row_to_json(w)::text from webhooks w where id = ?::uuid")) {
        row.setString(1, hook.getString("id"));
        try (ResultSet rs = row.executeQuery()) {
          assertTrue(rs.next());
          byte[] ciphertext = rs.getBytes(1);
          String secret = hook.getString("signing_secret");
          assertEquals(12, rs.getBytes(2).length, "a 12-byte GCM nonce");
          assertEquals(secret.getBytes(StandardCharsets.UTF_8).length + 16, ciphertext.length, "ciphertext plus GCM tag");
          assertFalse(new String(ciphertext, StandardCharsets.ISO_8859_1).contains(secret.substring(6, 20)));
          assertFalse(rs.getString(3).contains(secret.substring(SigningSecrets.PREFIX.length())));
        }
        for (String table : List.of("webhooks", "webhook_deliveries", "webhook_delivery_attempts")) {
          try (PreparedStatement dump = conn.prepareStatement("select coalesce(string_agg(row_to_json(t)::text, ''), '')"
              + " from " + table + " t"); ResultSet rs = dump.executeQuery()) {
            rs.next();
            String text = rs.getString(1);
            for (String secret : SECRETS) {
              assertFalse(text.contains(secret.substring(SigningSecrets.PREFIX.length())), "a secret in " + table);
            }
          }
        }
      } finally {
        deleteWebhook(retrying, hook.getString("id"));
      }
    }
  }

  // --- helpers ---

  private static void assertSeedShape(JsonObject payload, String requestId, String flowId) {
    assertEquals(SEED_TOP_LEVEL, payload.fieldNames(), payload.encodePrettily());
    assertEquals("new_request", payload.getString("event"));
    JsonObject request = payload.getJsonObject("request");
    assertEquals(SEED_REQUEST, request.fieldNames(), request.encodePrettily());
    assertEquals(requestId, request.getString("id"));
    assertEquals(flowId, request.getString("flow_id"));
    assertEquals("review_article", request.getString("method_name"));
    assertEquals("Please review this article for publication.", request.getString("message"));
    assertEquals(new JsonArray().add("approved").add("rejected").add("request_changes"), request.getJsonArray("emit_options"));
    assertEquals(new JsonObject().put("article_id", 12345).put("author", "john@example.com").put("category", "technology"),
        request.getJsonObject("state"));
    assertEquals(new JsonObject(), request.getJsonObject("metadata"));
    assertTrue(request.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"),
        request.getString("created_at"));
    assertEquals(new JsonObject().put("id", 456L).put("name", "Content Review Flow").put("organization_id", 789L),
        payload.getJsonObject("deployment"));
    assertTrue(payload.getString("callback_url").startsWith("http://127.0.0.1:" + retrying.port() + "/api/v1/callbacks/"
        + requestId + "/"), payload.getString("callback_url"));
    assertEquals("owner@example.com", payload.getString("assigned_to_email"));
  }

  private static JsonObject createWebhook(TestGateway gateway, String url, List<String> events) {
    JsonObject body = new JsonObject().put("url", url).put("description", "Publishing pipeline");
    if (events != null) {
      body.put("events", new JsonArray(new ArrayList<>(events)));
    }
    HttpResponse<String> created = gateway.post("/api/v1/webhooks", body.encode());
    assertEquals(201, created.statusCode(), created.body());
    JsonObject hook = new JsonObject(created.body());
    assertEquals("/api/v1/webhooks/" + hook.getString("id"), created.headers().firstValue("Location").orElse(null));
    SECRETS.add(hook.getString("signing_secret"));
    return hook;
  }

  private static void deleteWebhook(TestGateway gateway, String id) {
    assertEquals(204, status(sendRaw(gateway, "DELETE", "/api/v1/webhooks/" + id, null)));
  }

  /** A flow's request, with the seed's example fields. */
  private static JsonObject createRequest(TestGateway gateway, String flowId) {
    JsonObject body = new JsonObject()
        .put("flow_id", flowId)
        .put("method_name", "review_article")
        .put("message", "Please review this article for publication.")
        .put("output", "The article text.")
        .put("emit", new JsonArray().add("approved").add("rejected").add("request_changes"))
        .put("state", new JsonObject().put("article_id", 12345).put("author", "john@example.com").put("category", "technology"))
        .put("metadata", new JsonObject());
    HttpResponse<String> created = gateway.post("/api/v1/human-input-requests", body.encode());
    assertEquals(201, created.statusCode(), created.body());
    return new JsonObject(created.body());
  }

  /** Waits until the webhook's delivery of {@code event} for the request has {@code status}; returns it. */
  private static JsonObject awaitDelivery(TestGateway gateway, String webhookId, String requestId, String event,
      String status) {
    JsonObject[] found = new JsonObject[1];
    Poll.until(() -> {
      JsonArray deliveries = getJson(gateway, "/api/v1/webhooks/" + webhookId + "/deliveries", 200)
          .getJsonArray("deliveries");
      found[0] = deliveries.stream().map(JsonObject.class::cast)
          .filter(d -> d.getString("request_id").equals(requestId) && d.getString("event").equals(event))
          .findFirst().orElse(null);
      return found[0] != null && status.equals(found[0].getString("status"));
    }, DELIVERY, () -> "delivery of " + event + " for " + requestId + " is " + found[0] + ", wanted " + status);
    return found[0];
  }

  private static JsonObject getJson(TestGateway gateway, String path, int expected) {
    HttpResponse<String> response = gateway.get(path);
    assertEquals(expected, response.statusCode(), path + ": " + response.body());
    return new JsonObject(response.body());
  }

  private static JsonObject send(TestGateway gateway, String method, String path, String json, int expected) {
    HttpResponse<String> response = sendRaw(gateway, method, path, json);
    assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
    return new JsonObject(response.body());
  }

  private static HttpResponse<String> sendRaw(TestGateway gateway, String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path)))
        .header("Authorization", "Bearer " + TestGateway.API_KEY)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return TestGateway.send(request);
  }

  private static int status(HttpResponse<String> response) {
    return response.statusCode();
  }
}
