package io.hitl.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input gets a precise 4xx JSON error and nothing is stored half-way. */
class BadInputIT {

  private static final String REQUESTS = "/api/v1/human-input-requests";
  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of("HITL_MAX_BODY_BYTES", "4096")));


  @Test
  void malformedJsonIs400() {
    assertError(env.gateway().post(REQUESTS, "{\"execution_id\": "), 400, "malformed_json");
    assertError(env.gateway().post(REQUESTS, "[1,2,3]"), 400, "malformed_json");
    assertError(env.gateway().post(REQUESTS, ""), 400, "malformed_json");
    assertNothingStored();
  }

  @Test
  void missingFieldsAre422NamingTheField() {
    JsonObject body = assertError(env.gateway().post(REQUESTS, "{\"execution_id\":\"e\",\"prompt\":\"p\"}"), 422, "validation_failed");
    assertTrue(body.getString("message").contains("task_id"), body.encode());
    body = assertError(env.gateway().post(REQUESTS, "{\"task_id\":\"t\",\"prompt\":\"p\"}"), 422, "validation_failed");
    assertTrue(body.getString("message").contains("execution_id"), body.encode());
    body = assertError(env.gateway().post(REQUESTS, "{\"execution_id\":\"e\",\"task_id\":\"t\",\"prompt\":\"  \"}"), 422, "validation_failed");
    assertTrue(body.getString("message").contains("prompt"), body.encode());
    assertNothingStored();
  }

  @Test
  void wrongTypesAre422NamingTheField() {
    JsonObject body = assertError(env.gateway().post(REQUESTS, "{\"execution_id\":\"e\",\"task_id\":\"t\",\"prompt\":5}"), 422, "validation_failed");
    assertTrue(body.getString("message").contains("prompt"), body.encode());
    body = assertError(env.gateway().post(REQUESTS,
        "{\"execution_id\":\"e\",\"task_id\":\"t\",\"prompt\":\"p\",\"reason_flags\":[true]}"), 422, "validation_failed");
    assertTrue(body.getString("message").contains("reason_flags"), body.encode());
    body = assertError(env.gateway().post(REQUESTS, "{\"execution_id\":\"" + "x".repeat(201) + "\",\"task_id\":\"t\",\"prompt\":\"p\"}"),
        422, "validation_failed");
    assertTrue(body.getString("message").contains("execution_id"), body.encode());
    assertNothingStored();
  }

  @Test
  void oversizedBodiesAre413() {
    String big = "{\"execution_id\":\"e\",\"task_id\":\"t\",\"prompt\":\"" + "x".repeat(8192) + "\"}";
    assertError(env.gateway().post(REQUESTS, big), 413, "payload_too_large");
    assertNothingStored();
  }

  @Test
  void unknownIdsAre404() {
    assertError(env.gateway().get(REQUESTS + "/9b2f4a57-1c1e-4c43-9d0a-3b8f0f6f0a11"), 404, "not_found");
    assertError(env.gateway().get(REQUESTS + "/not-a-uuid"), 404, "not_found");
    assertError(env.gateway().post(REQUESTS + "/9b2f4a57-1c1e-4c43-9d0a-3b8f0f6f0a11/response", "{\"human_feedback\":\"x\"}"),
        404, "not_found");
    assertError(env.gateway().get("/api/v1/nothing-here"), 404, "not_found");
  }

  @Test
  void aBadResponseLeavesTheRequestPending() {
    JsonObject created = new JsonObject(env.gateway().post(REQUESTS,
        "{\"execution_id\":\"exec-bad-response\",\"task_id\":\"t\",\"prompt\":\"p\"}").body());
    String path = REQUESTS + "/" + created.getString("request_id") + "/response";
    assertError(env.gateway().post(path, "{\"human_feedback\": 42}"), 422, "validation_failed");
    assertError(env.gateway().post(path, "{\"is_approve\": true}"), 422, "validation_failed");
    assertError(env.gateway().post(path, "{\"human_feedback\":\"ok\",\"is_approve\":\"yes\"}"), 422, "validation_failed");
    assertError(env.gateway().post(path, "not json"), 400, "malformed_json");
    JsonObject current = new JsonObject(env.gateway().get(REQUESTS + "/" + created.getString("request_id")).body());
    assertEquals("pending", current.getString("status"));
    assertEquals(1, new JsonObject(env.gateway().get("/poll/human-input/exec-bad-response").body()).getJsonArray("events").size(),
        "only the human_input_required event exists");
  }

  @Test
  void badQueryParametersAre400() {
    assertError(env.gateway().get(REQUESTS + "?limit=0"), 400, "invalid_limit");
    assertError(env.gateway().get(REQUESTS + "?limit=many"), 400, "invalid_limit");
    assertError(env.gateway().get("/poll/human-input/e?timeout=soon"), 400, "invalid_timeout");
  }

  private static void assertNothingStored() {
    assertEquals(0, new JsonObject(env.gateway().get(REQUESTS + "?execution_id=e").body()).getJsonArray("requests").size());
    assertEquals(0, new JsonObject(env.gateway().get("/poll/human-input/e").body()).getJsonArray("events").size());
  }

  private static JsonObject assertError(HttpResponse<String> response, int status, String error) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonObject body = new JsonObject(response.body());
    assertEquals(error, body.getString("error"), response.body());
    assertTrue(body.getString("message") != null && !body.getString("message").isBlank(), response.body());
    return body;
  }
}
