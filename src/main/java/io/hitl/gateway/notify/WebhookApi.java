package io.hitl.gateway.notify;

import static io.hitl.gateway.http.JsonResponses.json;

import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.http.JsonFields;
import io.hitl.gateway.http.QueryParams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/**
 * Webhook configuration and delivery log: {@code /api/v1/webhooks} (create, list, read, replace,
 * change, delete, rotate the signing secret, list deliveries) and
 * {@code /api/v1/webhook-deliveries/{id}} (read, replay). Everything requires
 * {@code manage_human_feedback}; deployment keys have it.
 */
public final class WebhookApi {

  static final String BASE = "/api/v1/webhooks";
  static final String DELIVERIES = "/api/v1/webhook-deliveries";
  private static final int MAX_URL = 2048;
  private static final int MAX_DESCRIPTION = 1000;
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;
  private static final Set<String> STATUSES = Set.of(WebhookDelivery.PENDING, WebhookDelivery.DELIVERING,
      WebhookDelivery.DELIVERED, WebhookDelivery.FAILED);

  private final Webhooks webhooks;
  private final WebhookDeliveries deliveries;

  public WebhookApi(Webhooks webhooks, WebhookDeliveries deliveries) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
  }

  /** Adds the routes; mount behind authentication and a body handler. */
  public void mount(Router router) {
    router.post(BASE).handler(this::create);
    router.get(BASE).handler(this::list);
    router.get(BASE + "/:id").handler(this::get);
    router.put(BASE + "/:id").handler(this::replace);
    router.patch(BASE + "/:id").handler(this::change);
    router.delete(BASE + "/:id").handler(this::delete);
    router.post(BASE + "/:id/rotate-secret").handler(this::rotate);
    router.get(BASE + "/:id/deliveries").handler(this::deliveriesOf);
    router.get(DELIVERIES + "/:delivery_id").handler(this::delivery);
    router.post(DELIVERIES + "/:delivery_id/replay").handler(this::replay);
  }

  private void create(RoutingContext ctx) {
    String actor = manager(ctx);
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    Webhooks.Settings settings = new Webhooks.Settings(url(body, true), events(body, WebhookEvent.ALL),
        body.optionalText("description", MAX_DESCRIPTION), orTrue(body.optionalBoolean("active")));
    webhooks.create(settings, actor)
        .onFailure(ctx::fail)
        .onSuccess(created -> {
          ctx.response().putHeader("Location", BASE + "/" + created.webhook().id());
          json(ctx, 201, created.toJson());
        });
  }

  private void list(RoutingContext ctx) {
    manager(ctx);
    webhooks.list().onFailure(ctx::fail).onSuccess(list -> {
      JsonArray array = new JsonArray();
      list.forEach(w -> array.add(w.toJson()));
      json(ctx, 200, new JsonObject().put("webhooks", array));
    });
  }

  private void get(RoutingContext ctx) {
    manager(ctx);
    webhooks.get(ctx.pathParam("id")).onFailure(ctx::fail).onSuccess(w -> json(ctx, 200, w.toJson()));
  }

  /** PUT: every setting; those left out take their defaults. */
  private void replace(RoutingContext ctx) {
    String actor = manager(ctx);
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    Webhooks.Settings settings = new Webhooks.Settings(url(body, true), events(body, WebhookEvent.ALL),
        body.optionalText("description", MAX_DESCRIPTION), orTrue(body.optionalBoolean("active")));
    webhooks.update(ctx.pathParam("id"), current -> settings, actor)
        .onFailure(ctx::fail)
        .onSuccess(w -> json(ctx, 200, w.toJson()));
  }

  /** PATCH: only the settings present change. */
  private void change(RoutingContext ctx) {
    String actor = manager(ctx);
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    // parsed above, so an object: needed to tell "description": null (clear it) from no description
    JsonObject raw = ctx.body().asJsonObject();
    String url = url(body, false);
    List<String> events = events(body, null);
    String description = body.optionalText("description", MAX_DESCRIPTION);
    Boolean active = body.optionalBoolean("active");
    boolean clearDescription = raw.containsKey("description") && raw.getValue("description") == null;
    webhooks.update(ctx.pathParam("id"), current -> new Webhooks.Settings(
                url != null ? url : current.url(),
                events != null ? events : current.events(),
                description != null ? description : clearDescription ? null : current.description(),
                active != null ? active : current.active()), actor)
        .onFailure(ctx::fail)
        .onSuccess(w -> json(ctx, 200, w.toJson()));
  }

  private void delete(RoutingContext ctx) {
    String actor = manager(ctx);
    webhooks.delete(ctx.pathParam("id"), actor)
        .onFailure(ctx::fail)
        .onSuccess(v -> ctx.response().setStatusCode(204).end());
  }

  private void rotate(RoutingContext ctx) {
    String actor = manager(ctx);
    webhooks.rotateSecret(ctx.pathParam("id"), actor)
        .onFailure(ctx::fail)
        .onSuccess(rotated -> json(ctx, 200, rotated.toJson()));
  }

  private void deliveriesOf(RoutingContext ctx) {
    manager(ctx);
    String status = ctx.request().getParam("status");
    if (status != null && status.isBlank()) {
      status = null;
    }
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.badRequest("invalid_status", "status must be one of pending, delivering, delivered, failed");
    }
    int limit = QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    String filter = status;
    webhooks.get(ctx.pathParam("id"))
        .compose(w -> deliveries.of(w.id(), filter, limit))
        .onFailure(ctx::fail)
        .onSuccess(list -> {
          JsonArray array = new JsonArray();
          list.forEach(d -> array.add(d.toJson()));
          json(ctx, 200, new JsonObject().put("deliveries", array));
        });
  }

  private void delivery(RoutingContext ctx) {
    manager(ctx);
    deliveries.get(ctx.pathParam("delivery_id")).onFailure(ctx::fail).onSuccess(d -> json(ctx, 200, d));
  }

  private void replay(RoutingContext ctx) {
    manager(ctx);
    deliveries.replay(ctx.pathParam("delivery_id"))
        .onFailure(ctx::fail)
        .onSuccess(d -> json(ctx, 202, d.toJson()));
  }

  /** The caller's name for the audit trail; 403 unless it may configure human feedback. */
  private static String manager(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    principal.require(Permission.MANAGE_HUMAN_FEEDBACK);
    return principal.responderName();
  }

  /**
   * An absolute http(s) URL with a host. Plain http is accepted (local receivers, tests); in
   * production receivers should use https, as the payload carries the callback URL.
   */
  private static String url(JsonFields body, boolean required) {
    String url = required ? body.requiredText("url", MAX_URL) : body.optionalText("url", MAX_URL);
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null || uri.getHost().isBlank()) {
        throw ApiException.invalid("field 'url' must be an absolute http:// or https:// URL");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw ApiException.invalid("field 'url' is not a valid URL: " + e.getReason());
    }
  }

  private static List<String> events(JsonFields body, List<String> fallback) {
    JsonArray events = body.optionalStringList("events", WebhookEvent.ALL.size(), 50);
    if (events == null) {
      return fallback;
    }
    for (Object event : events) {
      if (!WebhookEvent.ALL.contains(event)) {
        throw ApiException.invalid("field 'events' may hold only " + String.join(", ", WebhookEvent.ALL));
      }
    }
    return events.stream().map(String.class::cast).toList();
  }

  private static boolean orTrue(Boolean value) {
    return value == null || value;
  }
}
