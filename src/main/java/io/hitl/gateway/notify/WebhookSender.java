package io.hitl.gateway.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON to webhook URLs. {@link #send} makes one attempt and reports what happened; the
 * durable, signed flow webhooks build their retries on it ({@link WebhookDeliveryWorker}).
 * {@link #post} is best effort for execution webhooks: up to {@link #ATTEMPTS} attempts, retrying
 * after no answer, 429 or 5xx (1 s, then 2 s later); what still fails is logged (without
 * credentials) and never fails the caller.
 */
public final class WebhookSender {

  /** Attempts per best-effort webhook call. */
  public static final int ATTEMPTS = 3;
  private static final long BACKOFF_MILLIS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

  /**
   * What one POST got.
   *
   * @param status the response status, or 0 when there was no response
   * @param error why there was no response (timeout, connection refused …), or null
   * @param timedOut true when the receiver did not answer in time
   */
  public record Outcome(int status, String error, boolean timedOut, long durationMillis) {

    /** True for a 2xx response. */
    public boolean succeeded() {
      return status >= 200 && status < 300;
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final long timeoutMillis;

  public WebhookSender(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Makes one attempt to POST {@code body} to {@code url} with {@code headers} (plus
   * {@code Content-Type: application/json}); the response body is read and dropped.
   *
   * @return completes (never fails) with the outcome
   */
  public Future<Outcome> send(String url, Map<String, String> headers, Buffer body) {
    long started = System.nanoTime();
    RequestOptions options;
    try {
      options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
          .setTimeout(timeoutMillis).putHeader("Content-Type", "application/json");
    } catch (RuntimeException invalidUrl) {
      return Future.succeededFuture(new Outcome(0, "invalid URL: " + invalidUrl.getMessage(), false, 0));
    }
    headers.forEach(options::putHeader);
    return client.request(options)
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(ignored -> response.statusCode()))
        .map(status -> new Outcome(status, null, false, elapsedMillis(started)))
        .otherwise(failure -> new Outcome(0, describe(failure), isTimeout(failure), elapsedMillis(started)));
  }

  /**
   * Sends {@code body} to {@code url}, best effort.
   *
   * @param authorization the {@code Authorization} header value, or {@code null}
   * @return completes (never fails) with the response status, or 0 when there was none
   */
  public Future<Integer> post(String url, JsonObject body, String authorization) {
    return attempt(url, body.toBuffer(), authorization == null ? Map.of() : Map.of("Authorization", authorization), 1);
  }

  private Future<Integer> attempt(String url, Buffer body, Map<String, String> headers, int attempt) {
    return send(url, headers, body).compose(outcome -> {
      int status = outcome.status();
      if (outcome.error() != null) {
        LOG.warn("webhook {} attempt {} failed: {}", url, attempt, outcome.error());
      }
      boolean retry = status == 0 || status == 429 || status >= 500;
      if (!retry || attempt >= ATTEMPTS) {
        if (status >= 300 || status == 0) {
          LOG.warn("webhook {} gave up after attempt {} (status {})", url, attempt, status);
        }
        return Future.succeededFuture(status);
      }
      Promise<Integer> next = Promise.promise();
      vertx.setTimer(BACKOFF_MILLIS * attempt, id -> attempt(url, body, headers, attempt + 1).onComplete(next));
      return next.future();
    });
  }

  private static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException
          || t.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
