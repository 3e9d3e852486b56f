package io.hitl.gateway.routing;

import io.vertx.core.json.JsonObject;

/**
 * Finds a field of the flow state named by {@code assign_from_input}: a top-level key as written
 * (which may itself contain dots), else a dotted path into nested objects
 * ({@code approvers.finance.email}).
 */
public final class StatePaths {

  private StatePaths() {
  }

  /** The value at {@code path}, or null when there is none. */
  public static Object resolve(JsonObject state, String path) {
    if (state == null || path == null) {
      return null;
    }
    if (state.containsKey(path)) {
      return state.getValue(path);
    }
    Object current = state;
    for (String segment : path.split("\\.", -1)) {
      if (!(current instanceof JsonObject object) || !object.containsKey(segment)) {
        return null;
      }
      current = object.getValue(segment);
    }
    return current;
  }

  /** True when {@code path} is usable: non-blank, without empty segments. */
  public static boolean isValid(String path) {
    if (path == null || path.isBlank()) {
      return false;
    }
    for (String segment : path.split("\\.", -1)) {
      if (segment.isBlank()) {
        return false;
      }
    }
    return true;
  }
}
