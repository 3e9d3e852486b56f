package io.hitl.gateway.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;

/**
 * JSON containment, as PostgreSQL's {@code jsonb @>}: every field of the pattern object is present
 * in the state with a contained value; an array contains a pattern array when each pattern element
 * is contained in some element; scalars are equal (numbers by value).
 */
public final class StateMatch {

  private StateMatch() {
  }

  /** True when {@code state} contains {@code pattern}; a null pattern matches any state. */
  public static boolean contains(JsonObject state, JsonObject pattern) {
    return pattern == null || contained(state == null ? new JsonObject() : state, pattern);
  }

  private static boolean contained(Object value, Object pattern) {
    if (pattern instanceof JsonObject p) {
      if (!(value instanceof JsonObject v)) {
        return false;
      }
      for (Map.Entry<String, Object> field : p) {
        if (!v.containsKey(field.getKey()) || !contained(v.getValue(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (pattern instanceof JsonArray p) {
      if (!(value instanceof JsonArray v)) {
        return false;
      }
      for (Object wanted : p) {
        boolean found = false;
        for (Object candidate : v) {
          if (contained(candidate, wanted)) {
            found = true;
            break;
          }
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }
    if (pattern instanceof Number p) {
      return value instanceof Number v && new BigDecimal(p.toString()).compareTo(new BigDecimal(v.toString())) == 0;
    }
    return pattern == null ? value == null : pattern.equals(value);
  }
}
