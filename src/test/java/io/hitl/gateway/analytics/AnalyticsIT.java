package io.hitl.gateway.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Analytics over a crafted set of requests, created and answered through the API, whose times are
 * then set in the database so that every figure is known exactly.
 */
class AnalyticsIT {

  private static final String REQUESTS = "/api/v1/human-input-requests";
  private static final String ALICE = "alice@example.com";
  private static final String ALICE_KEY = "alice-key-0123456789";
  private static final String BOB = "bob@example.com";
  private static final String BOB_KEY = "bob-key-0123456789";
  private static final String RITA_KEY = "rita-key-0123456789";
  /** The crafted requests' window: three UTC days. */
  private static final String WINDOW = "from=2024-03-01T00:00:00Z&to=2024-03-04T00:00:00Z";

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of(
      "HITL_REVIEWER_KEYS", ALICE + ":manage_human_feedback:" + ALICE_KEY + "," + BOB + ":manage_human_feedback:" + BOB_KEY
          + ",rita@example.com:respond_to_human_feedback:" + RITA_KEY)));

  @BeforeAll
  static void craftRequests() throws SQLException {
    // r1: flow-a, alice, 60 s, approved through the dashboard, within its SLA
    String r1 = create("flow-a", true);
    answer(r1, "approved", "dashboard", ALICE_KEY);
    times(r1, "2024-03-01T10:00:00Z", "2024-03-01T10:01:00Z", "2024-03-01T10:01:30Z", true);
    // r2: flow-a, alice, 120 s across midnight, rejected, late
    String r2 = create("flow-a", true);
    answer(r2, "rejected", null, ALICE_KEY);
    times(r2, "2024-03-01T23:59:00Z", "2024-03-02T00:01:00Z", "2024-03-02T00:00:00Z", false);
    // r3: flow-b, alice, 30 s, approved, no SLA
    String r3 = create("flow-b", true);
    answer(r3, "Approved!", null, ALICE_KEY);
    times(r3, "2024-03-02T09:00:00Z", "2024-03-02T09:00:30Z", null, null);
    // r4: flow-b, bob, 300 s, free-form (no emit options), no SLA
    String r4 = create("flow-b", false);
    answer(r4, "needs a rewrite", null, BOB_KEY);
    times(r4, "2024-03-02T10:00:00Z", "2024-03-02T10:05:00Z", null, null);
    // r5: flow-b, still pending long past its SLA: missed
    String r5 = create("flow-b", true);
    times(r5, "2024-03-03T08:00:00Z", null, "2024-03-03T09:00:00Z", null);
    // r6: flow-a, cancelled: no decision, no SLA figure
    String r6 = create("flow-a", true);
    assertEquals(200, call(REQUESTS + "/" + r6 + "/cancel", "{}", TestGateway.API_KEY).statusCode());
    times(r6, "2024-03-03T12:00:00Z", "2024-03-03T12:30:00Z", "2024-03-03T13:00:00Z", null);
    // r7: answered, but created before the window
    String r7 = create("flow-a", true);
    answer(r7, "approved", null, BOB_KEY);
    times(r7, "2024-02-20T10:00:00Z", "2024-02-20T10:00:10Z", null, null);
    // r8: flow-a, pending, SLA not yet due
    String r8 = create("flow-a", true);
    times(r8, "2024-03-03T15:00:00Z", null, "2099-01-01T00:00:00Z", null);
  }

  @Test
  void responseTimesByReviewer() {
    JsonObject body = get("/api/v1/analytics/response-times?group_by=reviewer&" + WINDOW);
    assertEquals("2024-03-01T00:00:00Z", body.getString("from"));
    assertEquals("2024-03-04T00:00:00Z", body.getString("to"));
    assertEquals("reviewer", body.getString("group_by"));
    assertFigures(body.getJsonObject("overall"), 4, 127.5, 90.0);
    JsonArray groups = body.getJsonArray("groups");
    assertEquals(2, groups.size(), groups.encode());
    assertEquals(ALICE, groups.getJsonObject(0).getString("key"));
    assertFigures(groups.getJsonObject(0), 3, 70.0, 60.0);
    assertEquals(BOB, groups.getJsonObject(1).getString("key"));
    assertFigures(groups.getJsonObject(1), 1, 300.0, 300.0);
  }

  @Test
  void responseTimesByFlow() {
    JsonObject body = get("/api/v1/analytics/response-times?group_by=flow&" + WINDOW);
    assertEquals("flow", body.getString("group_by"));
    assertFigures(body.getJsonObject("overall"), 4, 127.5, 90.0);
    JsonArray groups = body.getJsonArray("groups");
    assertEquals(2, groups.size(), groups.encode());
    assertEquals("flow-a", groups.getJsonObject(0).getString("key"));
    assertFigures(groups.getJsonObject(0), 2, 90.0, 90.0);
    assertEquals("flow-b", groups.getJsonObject(1).getString("key"));
    assertFigures(groups.getJsonObject(1), 2, 165.0, 165.0);
  }

  @Test
  void volumePerUtcDay() {
    JsonObject body = get("/api/v1/analytics/volume?" + WINDOW);
    assertEquals(new JsonArray()
        .add(day("2024-03-01", 2, 1))
        .add(day("2024-03-02", 2, 3))
        .add(day("2024-03-03", 3, 0)), body.getJsonArray("days"));
    assertEquals(7, body.getLong("total_created"));
    assertEquals(4, body.getLong("total_completed"));
  }

  @Test
  void decisionsPerOutcomeAndSource() {
    JsonObject body = get("/api/v1/analytics/decisions?" + WINDOW);
    assertEquals(4, body.getLong("total"));
    assertEquals(new JsonArray()
        .add(share("outcome", "approved", 2, 50.0))
        .add(share("outcome", "free_form", 1, 25.0))
        .add(share("outcome", "rejected", 1, 25.0)), body.getJsonArray("outcomes"));
    assertEquals(new JsonArray()
        .add(share("source", "api", 3, 75.0))
        .add(share("source", "dashboard", 1, 25.0)), body.getJsonArray("sources"));
  }

  @Test
  void slaCompliance() {
    JsonObject body = get("/api/v1/analytics/sla?" + WINDOW);
    assertEquals(4, body.getLong("total"), body.encode());
    assertEquals(1, body.getLong("met"), body.encode());
    assertEquals(2, body.getLong("missed"), body.encode());
    assertEquals(1, body.getLong("pending"), body.encode());
    assertEquals(33.33, body.getDouble("compliance_percent"), 0.0, body.encode());
  }

  @Test
  void theDashboardHoldsAllFour() {
    JsonObject body = get("/api/v1/analytics?" + WINDOW);
    assertEquals("2024-03-01T00:00:00Z", body.getString("from"));
    for (String[] part : new String[][] {{"response_times", "response-times?group_by=reviewer&"},
        {"volume", "volume?"}, {"decisions", "decisions?"}, {"sla", "sla?"}}) {
      JsonObject alone = get("/api/v1/analytics/" + part[1] + WINDOW);
      alone.remove("from");
      alone.remove("to");
      assertEquals(alone, body.getJsonObject(part[0]), part[0]);
    }
  }

  @Test
  void theDefaultRangeIsTheLast30Days() {
    JsonObject body = get("/api/v1/analytics/volume");
    Instant from = Instant.parse(body.getString("from"));
    Instant to = Instant.parse(body.getString("to"));
    assertEquals(Duration.ofDays(30), Duration.between(from, to));
    assertTrue(Duration.between(to, Instant.now()).abs().toMinutes() < 5, body.getString("to"));
    int days = body.getJsonArray("days").size();
    assertTrue(days == 30 || days == 31, "one row per UTC day: " + days);
    assertEquals(0, body.getLong("total_created"), "every crafted request lies in 2024");
    JsonObject sla = get("/api/v1/analytics/sla");
    assertEquals(0, sla.getLong("total"));
    assertEquals(null, sla.getValue("compliance_percent"), "nothing decided, no percentage");
  }

  @Test
  void badParametersAre400() {
    assertError(call("/api/v1/analytics/volume?from=last-week", null, TestGateway.API_KEY), 400, "invalid_time");
    assertError(call("/api/v1/analytics/sla?from=2024-03-05&to=2024-03-01", null, TestGateway.API_KEY), 400, "invalid_range");
    assertError(call("/api/v1/analytics/response-times?group_by=team", null, TestGateway.API_KEY), 400, "invalid_group_by");
    assertError(call("/api/v1/analytics/volume?from=1900-01-01", null, TestGateway.API_KEY), 400, "range_too_long");
  }

  @Test
  void aResponderWithoutManagePermissionGets403() {
    for (String path : List.of("/api/v1/analytics", "/api/v1/analytics/response-times", "/api/v1/analytics/volume",
        "/api/v1/analytics/decisions", "/api/v1/analytics/sla")) {
      assertError(call(path, null, RITA_KEY), 403, "forbidden");
      assertEquals(200, call(path, null, ALICE_KEY).statusCode(), "a manager may: " + path);
    }
  }

  // --- helpers ---

  private static void assertFigures(JsonObject figures, long count, double average, double median) {
    assertEquals(count, figures.getLong("count"), figures.encode());
    assertEquals(average, figures.getDouble("average_seconds"), 0.0, figures.encode());
    assertEquals(median, figures.getDouble("median_seconds"), 0.0, figures.encode());
  }

  private static JsonObject day(String date, long created, long completed) {
    return new JsonObject().put("date", date).put("created", created).put("completed", completed);
  }

  private static JsonObject share(String kind, String key, long count, double percentage) {
    return new JsonObject().put(kind, key).put("count", count).put("percentage", percentage);
  }

  private static String create(String flowId, boolean withOptions) {
    JsonObject body = new JsonObject().put("flow_id", flowId).put("method_name", "review_content")
        .put("message", "Please review").put("output", "draft").put("state", new JsonObject());
    if (withOptions) {
      body.put("emit", new JsonArray().add("approved").add("rejected"));
    }
    HttpResponse<String> created = call(REQUESTS, body.encode(), TestGateway.API_KEY);
    assertEquals(201, created.statusCode(), created.body());
    return new JsonObject(created.body()).getString("request_id");
  }

  private static void answer(String requestId, String feedback, String source, String key) {
    JsonObject body = new JsonObject().put("feedback", feedback);
    if (source != null) {
      body.put("source", source);
    }
    HttpResponse<String> answered = call(REQUESTS + "/" + requestId + "/response", body.encode(), key);
    assertEquals(200, answered.statusCode(), answered.body());
  }

  /** Sets the request's times (and SLA verdict) as if it had happened then. */
  private static void times(String requestId, String created, String responded, String slaDue, Boolean slaMet)
      throws SQLException {
    var db = env.gateway().database();
    try (Connection conn = db.openJdbc();
         PreparedStatement st = conn.prepareStatement("update human_input_requests set created_at = ?,"
             + " responded_at = ?, sla_due_at = ?, sla_met = ? where request_id = ?::uuid")) {
      st.setObject(1, time(created));
      st.setObject(2, time(responded));
      st.setObject(3, time(slaDue));
      st.setObject(4, slaMet);
      st.setString(5, requestId);
      assertEquals(1, st.executeUpdate());
    }
  }

  private static OffsetDateTime time(String iso) {
    return iso == null ? null : OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static JsonObject get(String path) {
    HttpResponse<String> response = call(path, null, TestGateway.API_KEY);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return new JsonObject(response.body());
  }

  /** GET without a body, POST with one. */
  private static HttpResponse<String> call(String path, String json, String key) {
    return new Caller(env.gateway().port(), key).call(json == null ? "GET" : "POST", path, json);
  }


  private static void assertError(HttpResponse<String> response, int status, String error) {
    assertEquals(status, response.statusCode(), response.body());
    JsonObject body = new JsonObject(response.body());
    assertEquals(error, body.getString("error"), response.body());
    assertTrue(body.getString("message") != null && !body.getString("message").isBlank(), response.body());
  }
}
