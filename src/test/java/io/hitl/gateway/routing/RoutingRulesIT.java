package io.hitl.gateway.routing;

import static io.hitl.gateway.support.Caller.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routing rules through the API, and who new requests are assigned to by them. */
class RoutingRulesIT {

  private static final String OWNER = "owner@company.com";
  private static final String REVIEWER_KEY = "reviewer-key-0123456789";
  private static final String RULES = "/api/v1/routing-rules";

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of(
      "HITL_OWNER_EMAIL", OWNER,
      "HITL_REVIEWER_KEYS", "reviewer@company.com:respond_to_human_feedback:" + REVIEWER_KEY)));

  private static Caller api() {
    return Caller.service(env.gateway().port());
  }

  @BeforeEach
  void noRules() {
    for (Object rule : expect(200, api().get(RULES)).getJsonArray("rules")) {
      expect(204, api().delete(RULES + "/" + ((JsonObject) rule).getString("id")));
    }
  }

  private static JsonObject rule(String name, String pattern, String email, String fromInput) {
    JsonObject body = new JsonObject().put("name", name).put("match", new JsonObject().put("method_name", pattern));
    if (email != null) {
      body.put("assign_to_email", email);
    }
    if (fromInput != null) {
      body.put("assign_from_input", fromInput);
    }
    return body;
  }

  private static JsonObject create(JsonObject rule) {
    return expect(201, api().post(RULES, rule));
  }

  /** The assignee of a new flow request of {@code method} with {@code state}. */
  private static String assigneeOf(String method, JsonObject state) {
    JsonObject created = expect(201, api().post("/api/v1/human-input-requests", new JsonObject()
        .put("flow_id", "flow-routing").put("method_name", method).put("message", "Review?")
        .put("emit", new JsonArray().add("approved").add("rejected")).put("state", state)));
    return created.getString("assigned_to_email");
  }

  @Test
  void starMatchesAnyCharactersQuestionMarkOneAndOtherPatternsExactly() {
    create(rule("Approvals", "approve_*", "finance@company.com", null));
    create(rule("Reviews", "review_?", "review@company.com", null));
    create(rule("Exact", "validate_payment", "payments@company.com", null));

    assertEquals("finance@company.com", assigneeOf("approve_payment", null));
    assertEquals("finance@company.com", assigneeOf("approve_vendor", null));
    assertEquals(OWNER, assigneeOf("pre_approve_payment", null), "whole name must match");
    assertEquals("review@company.com", assigneeOf("review_a", null));
    assertEquals("review@company.com", assigneeOf("review_1", null));
    assertEquals(OWNER, assigneeOf("review_ab", null), "? is exactly one character");
    assertEquals("payments@company.com", assigneeOf("validate_payment", null));
    assertEquals(OWNER, assigneeOf("validate_payments", null), "no wildcard: exact match only");
    assertEquals(OWNER, assigneeOf("validate.payment", null));
  }

  @Test
  void theFirstMatchingRuleWinsAndReorderingChangesWhich() {
    String broad = create(rule("Everything", "*", "all@company.com", null)).getString("id");
    String narrow = create(rule("Approvals", "approve_*", "finance@company.com", null)).getString("id");
    assertEquals("all@company.com", assigneeOf("approve_payment", null));

    JsonObject reordered = expect(200, api().put(RULES + "/order", new JsonObject().put("ids", new JsonArray().add(narrow).add(broad))));
    assertEquals(List.of(narrow, broad), ids(reordered.getJsonArray("rules")));
    assertEquals(1, reordered.getJsonArray("rules").getJsonObject(0).getInteger("position"));
    assertEquals("finance@company.com", assigneeOf("approve_payment", null));
    assertEquals("all@company.com", assigneeOf("review_x", null));

    // an explicit position on create puts the rule there and shifts the others
    String first = create(rule("Override", "approve_*", "cfo@company.com", null).put("position", 1)).getString("id");
    assertEquals(List.of(first, narrow, broad), ids(expect(200, api().get(RULES)).getJsonArray("rules")));
    assertEquals("cfo@company.com", assigneeOf("approve_payment", null));
    // and moving by PUT of one rule
    expect(200, api().put(RULES + "/" + first, rule("Override", "approve_*", "cfo@company.com", null).put("position", 3)));
    assertEquals(List.of(narrow, broad, first), ids(expect(200, api().get(RULES)).getJsonArray("rules")));
    expect(204, api().delete(RULES + "/" + narrow));
    JsonArray left = expect(200, api().get(RULES)).getJsonArray("rules");
    assertEquals(List.of(broad, first), ids(left));
    assertEquals(List.of(1, 2), left.stream().map(r -> ((JsonObject) r).getInteger("position")).toList());

    assertEquals(422, api().put(RULES + "/order", new JsonObject().put("ids", new JsonArray().add(broad))).statusCode(),
        "an order must name every rule");
  }

  @Test
  void dynamicAssignmentFromStateBeatsStaticAndStaticCoversAMissingField() {
    create(rule("Route to Sales Rep", "review_*", "sales@company.com", "sales_rep_email"));
    assertEquals("alice@company.com", assigneeOf("review_deal", new JsonObject().put("sales_rep_email", "alice@company.com")));
    assertEquals("sales@company.com", assigneeOf("review_deal", new JsonObject().put("other", "x")));
    assertEquals("sales@company.com", assigneeOf("review_deal", new JsonObject().put("sales_rep_email", "not an email")));
    assertEquals("sales@company.com", assigneeOf("review_deal", null));
  }

  @Test
  void dynamicAssignmentFollowsDottedPaths() {
    create(rule("Nested", "approve_*", null, "approvers.finance.email"));
    assertEquals("bob@company.com", assigneeOf("approve_x", new JsonObject().put("approvers",
        new JsonObject().put("finance", new JsonObject().put("email", "Bob@Company.com")))));
    assertEquals(OWNER, assigneeOf("approve_x", new JsonObject()), "the rule yields no email: owner fallback");
  }

  @Test
  void theDeploymentOwnerGetsWhatNoRuleMatches() {
    assertEquals(OWNER, assigneeOf("anything", null));
    create(rule("Approvals", "approve_*", "finance@company.com", null));
    assertEquals(OWNER, assigneeOf("review_x", null));
  }

  @Test
  void aStateConditionNarrowsTheRule() {
    create(rule("Big EU deals", "approve_*", "eu-cfo@company.com", null)
        .put("match", new JsonObject().put("method_name", "approve_*")
            .put("state", new JsonObject().put("region", "eu").put("flags", new JsonObject().put("large", true)))));
    create(rule("Other approvals", "approve_*", "finance@company.com", null));
    assertEquals("eu-cfo@company.com", assigneeOf("approve_deal", new JsonObject().put("region", "eu")
        .put("flags", new JsonObject().put("large", true).put("urgent", false)).put("amount", 90000)));
    assertEquals("finance@company.com", assigneeOf("approve_deal", new JsonObject().put("region", "us")
        .put("flags", new JsonObject().put("large", true))));
    assertEquals("finance@company.com", assigneeOf("approve_deal", null));
  }

  @Test
  void theDryRunSaysWhichRuleMatchesAndWhy() {
    String id = create(rule("Route to Sales Rep", "review_*", "sales@company.com", "sales_rep_email")).getString("id");
    JsonObject dynamic = expect(200, api().post(RULES + "/test", new JsonObject().put("method_name", "review_deal")
        .put("state", new JsonObject().put("sales_rep_email", "alice@company.com"))));
    assertTrue(dynamic.getBoolean("matched"));
    assertEquals(id, dynamic.getJsonObject("rule").getString("id"));
    assertEquals("alice@company.com", dynamic.getString("assigned_to_email"));
    assertEquals("dynamic", dynamic.getString("source"));

    JsonObject fallback = expect(200, api().post(RULES + "/test", new JsonObject().put("method_name", "approve_x")));
    assertFalse(fallback.getBoolean("matched"));
    assertNull(fallback.getValue("rule"));
    assertEquals(OWNER, fallback.getString("assigned_to_email"));
    assertEquals("owner", fallback.getString("source"));
    assertTrue(fallback.getString("reason").contains("no routing rule matches"), fallback.getString("reason"));
    assertEquals(422, api().post(RULES + "/test", new JsonObject()).statusCode());
  }

  @Test
  void aRuleReadsBackInTheSeedsShape() {
    JsonObject created = create(rule("Approvals to Finance", "approve_*", "Finance@Company.com", "manager_email"));
    JsonObject read = expect(200, api().get(RULES + "/" + created.getString("id")));
    assertEquals("Approvals to Finance", read.getString("name"));
    assertEquals(new JsonObject().put("method_name", "approve_*"), read.getJsonObject("match"));
    assertEquals("finance@company.com", read.getString("assign_to_email"));
    assertEquals("manager_email", read.getString("assign_from_input"));
    assertEquals(1, read.getInteger("position"));
    assertEquals(404, api().get(RULES + "/00000000-0000-0000-0000-000000000000").statusCode());
    assertEquals(404, api().get(RULES + "/not-a-uuid").statusCode());
  }

  @Test
  void invalidRulesGet422WithErrorAndMessage() {
    List<JsonObject> invalid = List.of(
        rule("No assignee", "approve_*", null, null),
        rule("Bad email", "approve_*", "finance-at-company", null),
        rule("Bad email 2", "approve_*", "a@b@c", null),
        rule("", "approve_*", "finance@company.com", null),
        rule("Empty pattern", "", "finance@company.com", null),
        new JsonObject().put("name", "No match").put("assign_to_email", "finance@company.com"),
        rule("State not an object", "approve_*", "finance@company.com", null)
            .put("match", new JsonObject().put("method_name", "x").put("state", "eu")),
        rule("Bad path", "approve_*", null, "a..b"),
        rule("Bad position", "approve_*", "finance@company.com", null).put("position", 0),
        rule("Email not a string", "approve_*", null, null).put("assign_to_email", 42));
    for (JsonObject body : invalid) {
      var response = api().post(RULES, body);
      assertEquals(422, response.statusCode(), body.encode() + " → " + response.body());
      JsonObject error = new JsonObject(response.body());
      assertEquals("validation_failed", error.getString("error"));
      assertFalse(error.getString("message").isBlank());
    }
    assertEquals(400, api().call("POST", RULES, "{not json").statusCode());
    assertEquals(0, expect(200, api().get(RULES)).getJsonArray("rules").size(), "nothing invalid was stored");
  }

  @Test
  void aReviewerWithoutManagePermissionGets403() {
    Caller reviewer = api().as(REVIEWER_KEY);
    assertEquals(403, reviewer.get(RULES).statusCode());
    assertEquals(403, reviewer.post(RULES, rule("x", "*", "a@b.co", null)).statusCode());
    assertEquals(403, reviewer.put(RULES + "/order", new JsonObject().put("ids", new JsonArray())).statusCode());
    assertEquals(403, reviewer.post(RULES + "/test", new JsonObject().put("method_name", "x")).statusCode());
    assertEquals(403, reviewer.delete(RULES + "/00000000-0000-0000-0000-000000000000").statusCode());
    assertEquals("forbidden", new JsonObject(reviewer.get(RULES).body()).getString("error"));
    assertEquals(401, api().as("wrong-key-0123456789").get(RULES).statusCode());
  }

  private static List<String> ids(JsonArray rules) {
    return rules.stream().map(r -> ((JsonObject) r).getString("id")).toList();
  }
}
