package io.hitl.gateway.auth;

import io.hitl.gateway.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request through only with a valid API key: {@code Authorization: Bearer KEY}, or the
 * {@code token} query parameter (WebSocket handshakes and browsers' EventSource cannot set
 * headers). The key is never logged.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  private static final String BEARER = "Bearer ";

  private final ApiKeys keys;

  public AuthHandler(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String presented = presentedKey(ctx);
    if (presented == null) {
      ctx.fail(new ApiException(401, "unauthorized",
          "missing API key: send Authorization: Bearer <key> (WebSocket: ?token=<key>)"));
    } else if (!keys.accepts(presented)) {
      ctx.fail(new ApiException(401, "unauthorized", "invalid API key"));
    } else {
      ctx.next();
    }
  }

  private static String presentedKey(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return header.substring(BEARER.length()).trim();
    }
    return ctx.request().getParam("token");
  }
}
