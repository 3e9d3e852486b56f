package io.hitl.gateway.routing;

import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.http.JsonFields;
import io.hitl.gateway.http.JsonResponses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/settings}: the deployment's email-notification, auto-response and SLA settings.
 * Reading and changing them needs {@code manage_human_feedback}.
 */
public final class SettingsApi {

  static final String PATH = "/api/v1/settings";

  private final SettingsStore store;

  public SettingsApi(SettingsStore store) {
    this.store = store;
  }

  /** Adds the routes; mount behind authentication and a body handler. */
  public void mount(Router router) {
    router.get(PATH).handler(this::get);
    router.put(PATH).handler(this::put);
  }

  private void get(RoutingContext ctx) {
    Principal.of(ctx).require(Permission.MANAGE_HUMAN_FEEDBACK);
    store.get().onFailure(ctx::fail).onSuccess(settings -> JsonResponses.json(ctx, settings.toJson()));
  }

  private void put(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    principal.require(Permission.MANAGE_HUMAN_FEEDBACK);
    JsonFields.parse(ctx.body().buffer());
    store.update(ctx.body().asJsonObject(), principal.responderName()).onFailure(ctx::fail)
        .onSuccess(settings -> JsonResponses.json(ctx, settings.toJson()));
  }
}
