package io.hitl.gateway.notify;

import io.hitl.gateway.support.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 standing in for a customer's webhook endpoint: it keeps every
 * request exactly as received (headers, raw body) and answers with scripted statuses, or never.
 */
final class RecordingReceiver implements AutoCloseable {

  /** One received request. */
  record Call(String method, String path, Map<String, String> headers, String body, Instant at) {

    String header(String name) {
      return headers.get(name.toLowerCase());
    }

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
  private volatile int status = 200;
  private volatile boolean hang;

  private RecordingReceiver(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      Map<String, String> headers = new java.util.HashMap<>();
      request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
      calls.add(new Call(request.method().name(), request.path(), Map.copyOf(headers), body.toString(), Instant.now()));
      if (hang) {
        return;
      }
      Integer next = script.poll();
      request.response().setStatusCode(next != null ? next : status).end();
    })).listen(0, "127.0.0.1").await();
  }

  static RecordingReceiver start(Vertx vertx) {
    return new RecordingReceiver(vertx);
  }

  /** Answers the next calls with these statuses, then with the default one. */
  RecordingReceiver thenAnswer(Integer... statuses) {
    script.addAll(List.of(statuses));
    return this;
  }

  /** Answers every call not scripted with {@code status}. */
  RecordingReceiver answering(int status) {
    this.status = status;
    return this;
  }

  /** Never answers (the connection stays open until the caller gives up). */
  RecordingReceiver hanging() {
    this.hang = true;
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hook";
  }

  /** The calls about request {@code requestId} (of any event), in arrival order. */
  List<Call> callsFor(String requestId) {
    return calls.stream().filter(c -> c.body().contains(requestId)).toList();
  }

  /** The calls announcing {@code event} for {@code requestId}. */
  List<Call> callsFor(String requestId, String event) {
    return callsFor(requestId).stream().filter(c -> event.equals(c.json().getString("event"))).toList();
  }

  /** Waits until {@code n} calls announced {@code event} for {@code requestId}; returns them. */
  List<Call> await(String requestId, String event, int n, Duration within) {
    Poll.until(() -> callsFor(requestId, event).size() >= n, within,
        () -> url() + " got " + callsFor(requestId).size() + " calls about " + requestId + ", wanted " + n + " " + event);
    return callsFor(requestId, event);
  }

  @Override
  public void close() {
    server.close().await();
  }
}
