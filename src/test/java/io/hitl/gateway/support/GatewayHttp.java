package io.hitl.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking HTTP calls, with the test API key, to a gateway listening on {@code 127.0.0.1:port},
 * whether it runs in the test JVM or in a process of its own.
 */
public record GatewayHttp(int port) {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code http://127.0.0.1:port} + path. */
  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** {@code ws://127.0.0.1:port} + path. */
  public String wsUrl(String path) {
    return "ws://127.0.0.1:" + port + path;
  }

  /** GET with the API key. */
  public HttpResponse<String> get(String path) {
    return get(HTTP, path);
  }

  /** GET with the API key through {@code client} (a test's own, e.g. a fresh one per connection). */
  public HttpResponse<String> get(HttpClient client, String path) {
    return send(client, HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + TestGateway.API_KEY).GET());
  }

  /** GET without credentials and with a short timeout, for health probes. */
  public HttpResponse<String> probe(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5)).GET());
  }

  /**
   * Probes {@code path} until it answers {@code status}; fails with the last answer when it does
   * not within {@code within}.
   */
  public void awaitStatus(String path, int status, Duration within) {
    String[] last = {"no answer"};
    Poll.until(() -> {
      try {
        HttpResponse<String> response = probe(path);
        last[0] = response.statusCode() + " " + response.body();
        return response.statusCode() == status;
      } catch (java.io.UncheckedIOException e) {
        last[0] = e.getCause().toString();
        return false;
      }
    }, within, () -> path + " did not answer " + status + " within " + within + "; last: " + last[0]);
  }

  /** POST a JSON body with the API key. */
  public HttpResponse<String> post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(url(path)))
        .header("Authorization", "Bearer " + TestGateway.API_KEY)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /**
   * Opens a human-input request through the producer API (which emits {@code human_input_required})
   * and returns the created request; fails the test unless the gateway answers 201.
   */
  public JsonObject createRequest(String executionId, String prompt) {
    HttpResponse<String> created = post("/api/v1/human-input-requests", new JsonObject()
        .put("execution_id", executionId).put("task_id", "review_task").put("prompt", prompt)
        .put("context", "context of " + prompt).encode());
    assertEquals(201, created.statusCode(), "creating a request: " + created.body());
    return new JsonObject(created.body());
  }

  /**
   * Answers a request (which emits {@code human_input_completed}); fails the test unless the
   * gateway answers 200.
   */
  public JsonObject respond(String requestId, String feedback) {
    HttpResponse<String> answered = post("/api/v1/human-input-requests/" + requestId + "/response",
        new JsonObject().put("human_feedback", feedback).encode());
    assertEquals(200, answered.statusCode(), "answering a request: " + answered.body());
    return new JsonObject(answered.body());
  }

  /**
   * Any request, as built by the caller; a request without its own timeout gets 60 seconds, and
   * that bounds the whole answer: Java 17's client times out only until the headers arrive, so a
   * body that never completes would otherwise hang the build.
   */
  public static HttpResponse<String> send(HttpRequest.Builder request) {
    return send(HTTP, request);
  }

  /** {@link #send(HttpRequest.Builder)} through {@code client}. */
  public static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
    HttpRequest built = request.build();
    if (built.timeout().isEmpty()) {
      built = request.timeout(Duration.ofSeconds(60)).build();
    }
    Duration limit = built.timeout().orElseThrow();
    try {
      return client.sendAsync(built, HttpResponse.BodyHandlers.ofString()).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no complete answer to " + built.method() + " " + built.uri() + " within " + limit, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof java.io.IOException io ? new java.io.UncheckedIOException(io) : new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
