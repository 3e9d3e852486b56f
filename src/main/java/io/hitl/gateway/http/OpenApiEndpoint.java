package io.hitl.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3 description of every public endpoint, without
 * authentication so that tools (Arazzo runners, code generators) can fetch it.
 */
public final class OpenApiEndpoint {

  /** Classpath location of the document. */
  static final String RESOURCE = "api/openapi.yaml";

  private Buffer document;

  /** Adds the route; mount before authentication. */
  public void mount(Router router) {
    router.get("/openapi.yaml").handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    if (document != null) {
      send(ctx, document);
      return;
    }
    ctx.vertx().fileSystem().readFile(RESOURCE)
        .onFailure(ctx::fail)
        .onSuccess(read -> {
          document = read;
          send(ctx, read);
        });
  }

  private static void send(RoutingContext ctx, Buffer body) {
    ctx.response().putHeader("Content-Type", "application/yaml").end(body);
  }
}
