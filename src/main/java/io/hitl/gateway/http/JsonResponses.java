package io.hitl.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Ends a request with a JSON body. */
public final class JsonResponses {

  private JsonResponses() {
  }

  /** {@code 200} with {@code body}. */
  public static void json(RoutingContext ctx, JsonObject body) {
    json(ctx, 200, body);
  }

  /** {@code status} with {@code body}. */
  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
