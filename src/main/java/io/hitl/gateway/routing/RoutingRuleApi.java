package io.hitl.gateway.routing;

import static io.hitl.gateway.http.JsonResponses.json;

import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.http.JsonFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /api/v1/routing-rules}: list, create, read, replace, delete and reorder the routing rules,
 * and a dry run that says which rule a method name and state would match. Everything needs
 * {@code manage_human_feedback}.
 */
public final class RoutingRuleApi {

  static final String BASE = "/api/v1/routing-rules";
  private static final int MAX_RULES_IN_ORDER = 1000;

  private final RoutingRuleStore store;
  private final RoutingAssigner assigner;

  public RoutingRuleApi(RoutingRuleStore store, RoutingAssigner assigner) {
    this.store = store;
    this.assigner = assigner;
  }

  /** Adds the routes; mount behind authentication and a body handler. */
  public void mount(Router router) {
    router.get(BASE).handler(this::list);
    router.post(BASE).handler(this::create);
    // Before the /:id routes, which would otherwise take "order" and "test" for ids.
    router.put(BASE + "/order").handler(this::reorder);
    router.post(BASE + "/test").handler(this::test);
    router.get(BASE + "/:id").handler(this::get);
    router.put(BASE + "/:id").handler(this::replace);
    router.delete(BASE + "/:id").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    manager(ctx);
    store.list().onFailure(ctx::fail).onSuccess(rules -> json(ctx, 200, rulesJson(rules)));
  }

  private void create(RoutingContext ctx) {
    Principal principal = manager(ctx);
    RuleDraft draft = draft(ctx);
    store.create(draft, principal.responderName()).onFailure(ctx::fail).onSuccess(rule -> {
      ctx.response().putHeader("Location", BASE + "/" + rule.id());
      json(ctx, 201, rule.toJson());
    });
  }

  private void get(RoutingContext ctx) {
    manager(ctx);
    store.get(ctx.pathParam("id")).onFailure(ctx::fail).onSuccess(rule -> json(ctx, 200, rule.toJson()));
  }

  private void replace(RoutingContext ctx) {
    Principal principal = manager(ctx);
    RuleDraft draft = draft(ctx);
    store.update(ctx.pathParam("id"), draft, principal.responderName()).onFailure(ctx::fail)
        .onSuccess(rule -> json(ctx, 200, rule.toJson()));
  }

  private void delete(RoutingContext ctx) {
    Principal principal = manager(ctx);
    store.delete(ctx.pathParam("id"), principal.responderName()).onFailure(ctx::fail)
        .onSuccess(gone -> ctx.response().setStatusCode(204).end());
  }

  private void reorder(RoutingContext ctx) {
    Principal principal = manager(ctx);
    JsonArray ids = JsonFields.parse(ctx.body().buffer()).optionalStringList("ids", MAX_RULES_IN_ORDER, 64);
    if (ids == null) {
      throw ApiException.invalid("field 'ids' is required: every rule id, in the new order");
    }
    List<String> order = ids.stream().map(String.class::cast).toList();
    store.reorder(order, principal.responderName()).onFailure(ctx::fail)
        .onSuccess(rules -> json(ctx, 200, rulesJson(rules)));
  }

  private void test(RoutingContext ctx) {
    manager(ctx);
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    String methodName = body.requiredText("method_name", JsonFields.MAX_ID_LENGTH);
    JsonObject state = body.optionalObject("state");
    store.list().onFailure(ctx::fail)
        .onSuccess(rules -> json(ctx, 200, assigner.rules(rules).route(methodName, state).toJson()));
  }

  private static RuleDraft draft(RoutingContext ctx) {
    JsonFields body = JsonFields.parse(ctx.body().buffer());
    return RuleDraft.parse(body, ctx.body().asJsonObject());
  }

  private static Principal manager(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    principal.require(Permission.MANAGE_HUMAN_FEEDBACK);
    return principal;
  }

  private static JsonObject rulesJson(List<RoutingRule> rules) {
    JsonArray array = new JsonArray();
    rules.forEach(rule -> array.add(rule.toJson()));
    return new JsonObject().put("rules", array);
  }
}
