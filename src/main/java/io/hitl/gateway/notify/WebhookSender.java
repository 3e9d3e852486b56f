package io.hitl.gateway.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON to webhook URLs. Delivery is best effort: up to {@link #ATTEMPTS} attempts, each with
 * a timeout, retrying after no answer, 429 or 5xx (1 s, then 2 s later); what still fails is
 * logged (without credentials) and never fails the caller.
 */
public final class WebhookSender {

  /** Attempts per webhook call. */
  public static final int ATTEMPTS = 3;
  private static final long BACKOFF_MILLIS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final long timeoutMillis;

  public WebhookSender(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Sends {@code body} to {@code url}.
   *
   * @param authorization the {@code Authorization} header value, or {@code null}
   * @return completes (never fails) with the response status, or 0 when there was none
   */
  public Future<Integer> post(String url, JsonObject body, String authorization) {
    return attempt(url, body, authorization, 1);
  }

  private Future<Integer> attempt(String url, JsonObject body, String authorization, int attempt) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .setTimeout(timeoutMillis).putHeader("Content-Type", "application/json");
    if (authorization != null) {
      options.putHeader("Authorization", authorization);
    }
    return client.request(options)
        .compose(request -> request.send(body.toBuffer()))
        .compose(response -> response.body().map(ignored -> response.statusCode()))
        .otherwise(failure -> {
          LOG.warn("webhook {} attempt {} failed: {}", url, attempt, failure.getMessage());
          return 0;
        })
        .compose(status -> {
          boolean retry = status == 0 || status == 429 || status >= 500;
          if (!retry || attempt >= ATTEMPTS) {
            if (status >= 300 || status == 0) {
              LOG.warn("webhook {} gave up after attempt {} (status {})", url, attempt, status);
            }
            return Future.succeededFuture(status);
          }
          Promise<Integer> next = Promise.promise();
          vertx.setTimer(BACKOFF_MILLIS * attempt, id -> attempt(url, body, authorization, attempt + 1).onComplete(next));
          return next.future();
        });
  }
}
