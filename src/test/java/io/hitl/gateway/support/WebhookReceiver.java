package io.hitl.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on 127.0.0.1 that records every POST it receives, answering 200. */
public final class WebhookReceiver implements AutoCloseable {

  /** One received call. */
  public record Call(String path, String authorization, JsonObject body) {
  }

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger failuresToAnswer = new java.util.concurrent.atomic.AtomicInteger();

  private WebhookReceiver(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        request.response().setStatusCode(503).end();
        return;
      }
      calls.add(new Call(request.path(), request.getHeader("Authorization"),
          body.length() == 0 ? new JsonObject() : new JsonObject(body)));
      request.response().end();
    })).listen(0, "127.0.0.1").await();
  }

  /** Answers the next {@code n} calls with 503 without recording them. */
  public void failNext(int n) {
    failuresToAnswer.set(n);
  }

  /** Starts a receiver on a free port. */
  public static WebhookReceiver start(Vertx vertx) {
    return new WebhookReceiver(vertx);
  }

  /** {@code http://127.0.0.1:port} + path. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** The calls to {@code path} so far. */
  public List<Call> calls(String path) {
    return calls.stream().filter(c -> c.path().equals(path)).toList();
  }

  /** Waits until {@code path} received at least {@code n} calls; returns them. */
  public List<Call> await(String path, int n, Duration within) {
    Poll.until(() -> calls(path).size() >= n, within, () -> path + " received " + calls(path) + ", wanted " + n);
    return calls(path);
  }

  @Override
  public void close() {
    server.close().await();
  }
}
