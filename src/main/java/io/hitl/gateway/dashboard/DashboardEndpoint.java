package io.hitl.gateway.dashboard;

import io.hitl.gateway.http.ApiException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The reviewer dashboard: {@code /} (its page), {@code /dashboard/*} (its ES modules and styles)
 * and {@code /webjars/*} (the front-end libraries, from WebJars on the classpath). The files are
 * public and carry no data; every API call and the WebSocket the page makes carries the
 * reviewer's token, so mount this before authentication.
 *
 * <p>Every answer carries a strict Content-Security-Policy: scripts only from the gateway itself,
 * no inline scripts, styles or event handlers, connections only to the gateway (WebSocket
 * included), so that content which slipped past the Markdown sanitiser still cannot run.
 */
public final class DashboardEndpoint {

  /** Classpath directory of the dashboard's own files. */
  static final String WEB_ROOT = "dashboard";
  /** Classpath directory in which WebJars keep their files. */
  static final String WEBJARS_ROOT = "META-INF/resources/webjars";

  /**
   * The policy of every dashboard answer. {@code 'self'} in {@code connect-src} covers
   * {@code ws:}/{@code wss:} to the same host in current browsers (CSP Level 3); the explicit
   * WebSocket origins are not needed and would allow any host, so they are left out.
   */
  static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'");

  /** Adds the routes; mount before the authentication handler. */
  public void mount(Router router) {
    StaticHandler pages = StaticHandler.create(WEB_ROOT)
        .setIndexPage("index.html")
        .setDirectoryListing(false)
        .setIncludeHidden(false);
    StaticHandler libraries = StaticHandler.create(WEBJARS_ROOT)
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        // Versioned paths never change content.
        .setMaxAgeSeconds(86_400);
    readOnly(router, "/").handler(DashboardEndpoint::securityHeaders).handler(pages);
    readOnly(router, "/dashboard/*").handler(DashboardEndpoint::securityHeaders).handler(pages);
    readOnly(router, "/webjars/*").handler(DashboardEndpoint::securityHeaders).handler(libraries);
    // A missing file is a 404, not a request for a credential further down.
    readOnly(router, "/dashboard/*").handler(DashboardEndpoint::notFound);
    readOnly(router, "/webjars/*").handler(DashboardEndpoint::notFound);
  }

  private static Route readOnly(Router router, String path) {
    return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
    ctx.next();
  }

  private static void notFound(RoutingContext ctx) {
    ctx.fail(ApiException.notFound("no dashboard file " + ctx.normalizedPath()));
  }
}
