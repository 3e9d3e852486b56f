package io.hitl.gateway.http;

import io.vertx.ext.web.RoutingContext;

/** Query parameters of list endpoints, read one way everywhere: blank means absent, bad means 400. */
public final class QueryParams {

  private QueryParams() {
  }

  /** The trimmed value, or null when absent or blank. */
  public static String text(RoutingContext ctx, String name) {
    String raw = ctx.request().getParam(name);
    return raw == null || raw.isBlank() ? null : raw.trim();
  }

  /**
   * A whole number within {@code min..max}, or {@code fallback} when absent; anything else is
   * {@code 400 invalid_<name>}.
   */
  public static long number(RoutingContext ctx, String name, long fallback, long min, long max) {
    String raw = text(ctx, name);
    if (raw == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("invalid_" + name, name + " must be a whole number from " + min
        + (max == Long.MAX_VALUE ? "" : " to " + max));
  }

  /** {@code limit}: 1 to {@code max}, {@code fallback} when absent. */
  public static int limit(RoutingContext ctx, int fallback, int max) {
    return (int) number(ctx, "limit", fallback, 1, max);
  }
}
