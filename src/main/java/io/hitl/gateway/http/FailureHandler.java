package io.hitl.gateway.http;

import io.hitl.gateway.event.UnknownEventException;
import io.hitl.gateway.store.SqlStates;
import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become JSON error responses {@code {"error": …, "message": …}}. */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  /** The message of the exception {@code SqlConnectionPool} fails a waiting request with. */
  private static final String POOL_WAIT_TIMEOUT = "Timeout waiting for connection";

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ApiException error = toApiException(ctx.failure(), ctx.statusCode());
    if (error.status() >= 500 && error.status() != 503) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(error.status())
        .putHeader("Content-Type", "application/json")
        .end(error.toJson().encode());
  }

  /** Maps any failure (or bare status code) to the error the client sees. */
  static ApiException toApiException(Throwable failure, int statusCode) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof UnknownEventException unknown) {
      return ApiException.badRequest("unknown_last_event_id", unknown.getMessage());
    }
    if (failure instanceof HttpException http) {
      return forStatus(http.getStatusCode());
    }
    if (isDatabaseUnavailable(failure)) {
      return new ApiException(503, "database_unavailable", "the database is unreachable; retry shortly");
    }
    if (failure == null && statusCode > 0) {
      return forStatus(statusCode);
    }
    return new ApiException(500, "internal_error", "the gateway failed to handle the request");
  }

  private static ApiException forStatus(int status) {
    return switch (status) {
      case 400 -> ApiException.badRequest("bad_request", "the request is malformed");
      case 401 -> new ApiException(401, "unauthorized", "missing or invalid API key");
      case 403 -> new ApiException(403, "forbidden", "not allowed");
      case 404 -> ApiException.notFound("no such endpoint");
      case 405 -> new ApiException(405, "method_not_allowed", "this endpoint does not take that method");
      case 413 -> new ApiException(413, "payload_too_large", "the request body exceeds the limit (HITL_MAX_BODY_BYTES)");
      case 415 -> new ApiException(415, "unsupported_media_type", "send application/json");
      default -> new ApiException(status, status >= 500 ? "internal_error" : "bad_request", "request failed with status " + status);
    };
  }

  /**
   * A failure of the link to PostgreSQL rather than of the statement. Any socket-level
   * {@link IOException} reaching a route's failure handler comes from the database connection (a
   * client's own broken connection never becomes a route failure), e.g. a reset while the server
   * stops.
   */
  private static boolean isDatabaseUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof ClosedConnectionException || SqlStates.isServerUnavailable(t)
          || isPoolWaitTimeout(t)) {
        return true;
      }
    }
    return false;
  }

  /** The pool gave up waiting for a connection ({@code PoolOptions.connectionTimeout}); Vert.x has no type for it. */
  private static boolean isPoolWaitTimeout(Throwable t) {
    return t.getClass() == VertxException.class && POOL_WAIT_TIMEOUT.equals(t.getMessage());
  }
}
