package io.hitl.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {

  private static RoutingRule rule(int position, String pattern, JsonObject state, String email, String from) {
    return new RoutingRule("id-" + position, position, "rule " + position, MethodPattern.of(pattern), state, email, from,
        null, null);
  }

  @Test
  void patternsMatchWholeNamesWithStarQuestionMarkAndLiterals() {
    assertTrue(MethodPattern.of("approve_*").matches("approve_payment"));
    assertTrue(MethodPattern.of("approve_*").matches("approve_"));
    assertFalse(MethodPattern.of("approve_*").matches("pre_approve_payment"));
    assertTrue(MethodPattern.of("review_?").matches("review_a"));
    assertFalse(MethodPattern.of("review_?").matches("review_ab"));
    assertFalse(MethodPattern.of("review_?").matches("review_"));
    assertTrue(MethodPattern.of("validate_payment").matches("validate_payment"));
    assertFalse(MethodPattern.of("validate_payment").matches("validate_payments"));
    // regex metacharacters are literal
    assertTrue(MethodPattern.of("a.b+c$(d)\\E[x]").matches("a.b+c$(d)\\E[x]"));
    assertFalse(MethodPattern.of("a.b").matches("axb"));
    assertTrue(MethodPattern.of("*\\Q*").matches("x\\Qyz"));
    assertTrue(MethodPattern.of("*").matches("line\nbreak"));
  }

  @Test
  void stateContainmentWorksLikeJsonb() {
    JsonObject state = new JsonObject().put("amount", 5000).put("tags", new io.vertx.core.json.JsonArray().add("a").add("b"))
        .put("customer", new JsonObject().put("tier", "gold").put("region", "eu"));
    assertTrue(StateMatch.contains(state, new JsonObject().put("amount", 5000.0)));
    assertTrue(StateMatch.contains(state, new JsonObject().put("customer", new JsonObject().put("tier", "gold"))));
    assertTrue(StateMatch.contains(state, new JsonObject().put("tags", new io.vertx.core.json.JsonArray().add("b"))));
    assertFalse(StateMatch.contains(state, new JsonObject().put("customer", new JsonObject().put("tier", "silver"))));
    assertFalse(StateMatch.contains(state, new JsonObject().put("missing", JsonObject.of())));
    assertFalse(StateMatch.contains(null, new JsonObject().put("amount", 1)));
    assertTrue(StateMatch.contains(null, null));
  }

  @Test
  void priorityIsDynamicThenStaticThenOwner() {
    RoutingRules rules = new RoutingRules(List.of(
        rule(1, "approve_*", null, "finance@company.com", "manager.email")), "Owner@Company.com");
    Routing dynamic = rules.route("approve_x", new JsonObject().put("manager", new JsonObject().put("email", "Boss@x.io")));
    assertEquals("boss@x.io", dynamic.email());
    assertEquals(Routing.DYNAMIC, dynamic.source());
    Routing invalid = rules.route("approve_x", new JsonObject().put("manager", new JsonObject().put("email", "not-an-email")));
    assertEquals("finance@company.com", invalid.email());
    assertEquals(Routing.STATIC, invalid.source());
    Routing none = rules.route("review_x", new JsonObject());
    assertEquals("owner@company.com", none.email());
    assertEquals(Routing.OWNER, none.source());
    assertNull(none.rule());
    assertNull(new RoutingRules(List.of(), null).route("x", null).email());
  }

  @Test
  void aTopLevelKeyWithDotsWinsOverTheDottedPath() {
    JsonObject state = new JsonObject().put("a.b", "flat@x.io").put("a", new JsonObject().put("b", "nested@x.io"));
    assertEquals("flat@x.io", StatePaths.resolve(state, "a.b"));
    assertEquals("nested@x.io", StatePaths.resolve(new JsonObject().put("a", new JsonObject().put("b", "nested@x.io")), "a.b"));
    assertFalse(StatePaths.isValid("a..b"));
  }
}
