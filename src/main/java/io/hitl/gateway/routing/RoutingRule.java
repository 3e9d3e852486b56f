package io.hitl.gateway.routing;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One routing rule in the seed's shape: requests whose method name matches {@code methodPattern}
 * (and whose state contains {@code matchState}, when set) go to the email found in the state at
 * {@code assignFromInput}, else to {@code assignToEmail}.
 *
 * @param position 1-based place in evaluation order
 * @param matchState null when the rule looks at the method name only
 * @param assignToEmail static assignee, or null
 * @param assignFromInput state field (dotted path allowed) holding the assignee, or null
 */
public record RoutingRule(String id, int position, String name, MethodPattern methodPattern, JsonObject matchState,
    String assignToEmail, String assignFromInput, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /** Maps a row selected with {@link RoutingQueries#COLUMNS}. */
  static RoutingRule from(Row row) {
    Object state = row.getValue("match_state");
    return new RoutingRule(row.getUUID("id").toString(), row.getInteger("position"), row.getString("name"),
        MethodPattern.of(row.getString("match_method")), state instanceof JsonObject object ? object : null,
        row.getString("assign_to_email"), row.getString("assign_from_input"),
        row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
  }

  /** True when both the method pattern and the state condition match. */
  public boolean matches(String methodName, JsonObject state) {
    return methodPattern.matches(methodName) && StateMatch.contains(state, matchState);
  }

  /** The API representation, in the seed's rule shape plus id, position and timestamps. */
  public JsonObject toJson() {
    JsonObject match = new JsonObject().put("method_name", methodPattern.glob());
    if (matchState != null) {
      match.put("state", matchState);
    }
    return new JsonObject()
        .put("id", id)
        .put("position", position)
        .put("name", name)
        .put("match", match)
        .put("assign_to_email", assignToEmail)
        .put("assign_from_input", assignFromInput)
        .put("created_at", iso(createdAt))
        .put("updated_at", iso(updatedAt));
  }

  private static String iso(OffsetDateTime time) {
    return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
  }
}
