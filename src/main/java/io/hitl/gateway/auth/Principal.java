package io.hitl.gateway.auth;

import io.hitl.gateway.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Who is calling, as established by {@link AuthHandler}: an email and permissions. Service keys
 * ({@code HITL_API_KEYS}) act for the deployment itself and hold every permission; reviewer keys
 * and JWTs carry an email and their own permissions.
 *
 * @param email lower-cased; null for a service key
 * @param service true for a deployment (service) key: runtimes creating and cancelling requests
 */
public record Principal(String email, Set<Permission> permissions, boolean service) {

  private static final String KEY = "hitl.principal";

  /** The deployment's own key: everything. */
  public static final Principal SERVICE = new Principal(null, Set.of(Permission.values()), true);

  public Principal {
    email = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    permissions = Set.copyOf(permissions);
  }

  /** A reviewer or manager identified by email. */
  public static Principal person(String email, Set<Permission> permissions) {
    return new Principal(email, permissions, false);
  }

  /** True when the principal sees and may configure everything. */
  public boolean manages() {
    return permissions.contains(Permission.MANAGE_HUMAN_FEEDBACK);
  }

  /** True when the principal may see and answer a request assigned to {@code assignee}. */
  public boolean mayRespondTo(String assignee) {
    return manages() || permissions.contains(Permission.RESPOND_TO_HUMAN_FEEDBACK)
        && email != null && email.equalsIgnoreCase(assignee);
  }

  /** Fails with 403 unless the principal has the permission. */
  public void require(Permission permission) {
    if (!permissions.contains(permission)) {
      throw new ApiException(403, "forbidden", "this requires the " + permission.label() + " permission");
    }
  }

  /** A route handler that lets only principals with {@code permission} through (403 otherwise). */
  public static Handler<RoutingContext> requiring(Permission permission) {
    return ctx -> {
      of(ctx).require(permission);
      ctx.next();
    };
  }

  /** Fails with 403 unless the principal is a service key (the flow runtime's). */
  public void requireService() {
    if (!service) {
      throw new ApiException(403, "forbidden", "only a deployment key (HITL_API_KEYS) may do this");
    }
  }

  /** Who answered, as recorded: the email, or "api" for a service key. */
  public String responderName() {
    return email != null ? email : "api";
  }

  /** The principal of a request that passed authentication. */
  public static Principal of(RoutingContext ctx) {
    Principal p = ctx.get(KEY);
    if (p == null) {
      throw new IllegalStateException("no principal: the route is not behind AuthHandler");
    }
    return p;
  }

  void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }
}
