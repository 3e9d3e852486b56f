package io.hitl.gateway.auth;

import io.hitl.gateway.http.JsonResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code GET /api/v1/me}: who the credential stands for, so a client (the dashboard) can adapt. */
public final class WhoAmIEndpoint {

  /** Adds the route; mount behind {@link AuthHandler}. */
  public void mount(Router router) {
    router.get("/api/v1/me").handler(ctx -> {
      Principal principal = Principal.of(ctx);
      JsonArray permissions = new JsonArray();
      for (Permission p : Permission.values()) {
        if (principal.permissions().contains(p)) {
          permissions.add(p.label());
        }
      }
      JsonResponses.json(ctx, new JsonObject()
          .put("email", principal.email())
          .put("service", principal.service())
          .put("permissions", permissions));
    });
  }
}
