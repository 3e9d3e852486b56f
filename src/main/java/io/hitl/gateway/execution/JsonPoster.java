package io.hitl.gateway.execution;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * POSTs a JSON request to an agent service with a per-attempt timeout and retries with linear
 * backoff on what may pass (no answer, timeout, 429, 5xx); any other status fails at once.
 */
final class JsonPoster {

  /** How one call is made. */
  record Policy(long timeoutMillis, int retries, long backoffMillis) {

    /** From agent options {@code timeout_ms}, {@code retries}, {@code backoff_ms}. */
    static Policy from(JsonObject options) {
      return new Policy(options.getLong("timeout_ms", 60_000L), options.getInteger("retries", 2),
          options.getLong("backoff_ms", 500L));
    }
  }

  /** A status the service answered that a retry will not change. */
  static final class RejectedException extends RuntimeException {
    RejectedException(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final HttpClient client;

  JsonPoster(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions());
  }

  /** The response body as JSON, after at most {@code 1 + retries} attempts. */
  Future<JsonObject> post(String url, Map<String, String> headers, JsonObject body, Policy policy) {
    return attempt(url, headers, body, policy, 0);
  }

  private Future<JsonObject> attempt(String url, Map<String, String> headers, JsonObject body, Policy policy, int attempt) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .setTimeout(policy.timeoutMillis()).putHeader("Content-Type", "application/json")
        .putHeader("Accept", "application/json");
    headers.forEach(options::putHeader);
    Future<JsonObject> call = client.request(options)
        .compose(request -> request.send(body.toBuffer()))
        .compose(response -> response.body().compose(buffer -> {
          int status = response.statusCode();
          if (status >= 200 && status < 300) {
            try {
              return Future.succeededFuture(buffer.toJsonObject());
            } catch (RuntimeException e) {
              return Future.failedFuture(new RejectedException(url + " answered " + status + " without a JSON object"));
            }
          }
          String message = url + " answered " + status + ": " + abbreviate(buffer.toString());
          return Future.failedFuture(status == 429 || status >= 500 ? new IllegalStateException(message)
              : new RejectedException(message));
        }));
    return call.recover(failure -> {
      if (failure instanceof RejectedException || attempt >= policy.retries()) {
        return Future.failedFuture(failure);
      }
      Promise<JsonObject> retried = Promise.promise();
      vertx.setTimer(Math.max(1, policy.backoffMillis() * (attempt + 1)),
          id -> attempt(url, headers, body, policy, attempt + 1).onComplete(retried));
      return retried.future();
    });
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
