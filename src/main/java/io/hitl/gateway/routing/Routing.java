package io.hitl.gateway.routing;

import io.vertx.core.json.JsonObject;

/**
 * Where one request goes and why.
 *
 * @param rule the rule that matched, or null when none did
 * @param email the assignee, or null when nobody could be found (no rule and no owner)
 * @param source {@code dynamic} (from the state), {@code static} (the rule's email),
 *     {@code owner} (the deployment owner's fallback) or {@code none}
 * @param reason a sentence for people troubleshooting the routing
 */
public record Routing(RoutingRule rule, String email, String source, String reason) {

  public static final String DYNAMIC = "dynamic";
  public static final String STATIC = "static";
  public static final String OWNER = "owner";
  public static final String NONE = "none";

  /** The dry-run answer of {@code POST /api/v1/routing-rules/test}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("matched", rule != null)
        .put("rule", rule == null ? null : rule.toJson())
        .put("assigned_to_email", email)
        .put("source", source)
        .put("reason", reason);
  }
}
