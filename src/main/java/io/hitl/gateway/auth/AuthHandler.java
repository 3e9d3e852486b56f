package io.hitl.gateway.auth;

import io.hitl.gateway.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request through only with a valid credential, and attaches its {@link Principal}:
 * an API key or, when {@code HITL_JWT_SECRET} is set, a signed JWT, sent as
 * {@code Authorization: Bearer …} or the {@code token} query parameter (WebSocket handshakes and
 * browsers' EventSource cannot set headers). Credentials are never logged.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  private static final String BEARER = "Bearer ";

  private final ApiKeys keys;
  private final JwtPrincipals jwts;

  /** @param jwts null when JWTs are not accepted */
  public AuthHandler(ApiKeys keys, JwtPrincipals jwts) {
    this.keys = keys;
    this.jwts = jwts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String presented = presentedCredential(ctx);
    if (presented == null) {
      ctx.fail(new ApiException(401, "unauthorized",
          "missing credentials: send Authorization: Bearer <key or token> (WebSocket: ?token=<key>)"));
      return;
    }
    Principal byKey = keys.authenticate(presented);
    if (byKey != null) {
      byKey.attachTo(ctx);
      ctx.next();
    } else if (jwts != null && JwtPrincipals.looksLikeJwt(presented)) {
      // Hold the body until the body handler downstream is in place.
      ctx.request().pause();
      jwts.authenticate(presented).onComplete(ar -> {
        if (ar.succeeded()) {
          ar.result().attachTo(ctx);
          ctx.next();
        } else {
          ctx.fail(new ApiException(401, "unauthorized", "invalid or expired token"));
        }
        ctx.request().resume();
      });
    } else {
      ctx.fail(new ApiException(401, "unauthorized", "invalid API key"));
    }
  }

  private static String presentedCredential(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return header.substring(BEARER.length()).trim();
    }
    return ctx.request().getParam("token");
  }
}
