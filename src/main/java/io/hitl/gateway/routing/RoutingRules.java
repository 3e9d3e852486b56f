package io.hitl.gateway.routing;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The rules in evaluation order and the seed's assignment priority: the first rule whose pattern
 * and state match wins; within it the email found in the state at {@code assign_from_input}
 * (dynamic) beats {@code assign_to_email} (static). When no rule matches, or the matching one
 * yields no valid email, the deployment owner's email is used.
 */
public final class RoutingRules {

  private final List<RoutingRule> rules;
  private final String ownerEmail;

  /**
   * @param rules in position order
   * @param ownerEmail the deployment owner's email ({@code HITL_OWNER_EMAIL}), or null
   */
  public RoutingRules(List<RoutingRule> rules, String ownerEmail) {
    this.rules = List.copyOf(rules);
    this.ownerEmail = Emails.normalise(ownerEmail);
  }

  /** Routes a request of {@code methodName} whose flow state is {@code state} (null for none). */
  public Routing route(String methodName, JsonObject state) {
    for (RoutingRule rule : rules) {
      if (rule.matches(methodName, state)) {
        return within(rule, state);
      }
    }
    return owner(null, "no routing rule matches method '" + methodName + "'"
        + (state == null || state.isEmpty() ? "" : " with this state"));
  }

  private Routing within(RoutingRule rule, JsonObject state) {
    String matched = "rule '" + rule.name() + "' (position " + rule.position() + ") matches";
    String missing = "";
    if (rule.assignFromInput() != null) {
      Object value = StatePaths.resolve(state, rule.assignFromInput());
      if (Emails.isEmail(value)) {
        return new Routing(rule, Emails.normalise((String) value), Routing.DYNAMIC,
            matched + "; state field '" + rule.assignFromInput() + "' holds the assignee");
      }
      missing = value == null ? "; state field '" + rule.assignFromInput() + "' is missing"
          : "; state field '" + rule.assignFromInput() + "' is not a valid email";
    }
    if (rule.assignToEmail() != null) {
      return new Routing(rule, rule.assignToEmail(), Routing.STATIC, matched + missing + "; its assign_to_email is used");
    }
    return owner(rule, matched + missing + " and it has no assign_to_email");
  }

  private Routing owner(RoutingRule rule, String why) {
    if (ownerEmail != null) {
      return new Routing(rule, ownerEmail, Routing.OWNER, why + "; the deployment owner (HITL_OWNER_EMAIL) is assigned");
    }
    return new Routing(rule, null, Routing.NONE, why + "; HITL_OWNER_EMAIL is unset, so nobody is assigned");
  }
}
