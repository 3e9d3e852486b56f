package io.hitl.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real client of one transport (WebSocket, SSE or long polling) that records every event it
 * receives (heartbeats excluded), so tests can assert on exactly what a client saw.
 */
public final class EventCollector implements AutoCloseable {

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private volatile Runnable closer = () -> { };
  private volatile boolean closed;
  private volatile Short closeCode;
  private volatile String lastEventId;
  private volatile java.util.function.Consumer<WebSocketFrame> sender = frame -> {
    throw new IllegalStateException("only a WebSocket collector can send messages");
  };

  private EventCollector() {
  }

  /**
   * Opens a WebSocket to {@code path} (which may carry {@code last_event_id}) with the test key.
   * Blocks until the handshake is done.
   */
  public static EventCollector webSocket(Vertx vertx, int port, String path) {
    return webSocket(vertx, port, path, TestGateway.API_KEY);
  }

  /** Like {@link #webSocket(Vertx, int, String)} with another credential (an API key or a JWT). */
  public static EventCollector webSocket(Vertx vertx, int port, String path, String credential) {
    EventCollector c = new EventCollector();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(16 * 1024 * 1024)
        .setMaxMessageSize(16 * 1024 * 1024));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(path + (path.contains("?") ? "&" : "?") + "token=" + credential);
    // Handlers go on before the handshake: set after it, they could miss the history the gateway
    // replays right after the handshake.
    ClientWebSocket ws = client.webSocket();
    ws.textMessageHandler(text -> c.add(new JsonObject(text)));
    ws.closeHandler(v -> {
      c.closed = true;
      c.closeCode = ws.closeStatusCode();
    });
    await(ws.connect(options));
    c.sender = frame -> await(ws.writeFrame(frame));
    c.closer = () -> {
      ws.close();
      client.close();
    };
    return c;
  }

  /** Opens an SSE stream; {@code lastEventId} (may be null) goes in the {@code Last-Event-ID} header. */
  public static EventCollector sse(Vertx vertx, int port, String path, String lastEventId) {
    EventCollector c = new EventCollector();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("Authorization", "Bearer " + TestGateway.API_KEY).setIdleTimeout(0);
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId);
    }
    io.vertx.core.Future<?> started = client.request(options).compose(req -> req.send().onSuccess(resp -> {
      if (resp.statusCode() != 200) {
        c.errors.add("status " + resp.statusCode());
        return;
      }
      RecordParser lines = RecordParser.newDelimited("\n", line -> {
        String text = line.toString();
        if (text.startsWith("data: ")) {
          JsonObject event = new JsonObject(text.substring(6));
          if (!"heartbeat".equals(event.getString("type"))) {
            c.add(event);
          }
        }
      });
      resp.handler(lines);
      resp.endHandler(v -> c.closed = true);
      resp.exceptionHandler(e -> c.closed = true);
    })).onFailure(e -> c.errors.add(e.toString()));
    await(started);
    c.closer = client::close;
    return c;
  }

  /**
   * Long-polls {@code path} in a loop (each call with {@code timeout} seconds), carrying the last
   * event id forward, until closed.
   */
  public static EventCollector poll(Vertx vertx, int port, String path, int timeoutSeconds) {
    return poll(vertx, port, path, timeoutSeconds, null);
  }

  /** Long-polls like {@link #poll(Vertx, int, String, int)}, starting after {@code lastEventId} (may be null). */
  public static EventCollector poll(Vertx vertx, int port, String path, int timeoutSeconds, String lastEventId) {
    EventCollector c = new EventCollector();
    c.lastEventId = lastEventId;
    HttpClient client = vertx.createHttpClient(new HttpClientOptions());
    c.closer = client::close;
    c.pollOnce(vertx, client, port, path, timeoutSeconds);
    return c;
  }

  private void pollOnce(Vertx vertx, HttpClient client, int port, String path, int timeoutSeconds) {
    if (closed) {
      return;
    }
    String uri = path + (path.contains("?") ? "&" : "?") + "timeout=" + timeoutSeconds
        + (lastEventId == null ? "" : "&last_event_id=" + lastEventId);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(uri).putHeader("Authorization", "Bearer " + TestGateway.API_KEY);
    client.request(options).compose(req -> req.send().compose(resp -> resp.body().map(body -> {
      if (resp.statusCode() != 200) {
        errors.add("status " + resp.statusCode() + ": " + body);
        return null;
      }
      JsonArray batch = new JsonObject(body).getJsonArray("events");
      for (int i = 0; i < batch.size(); i++) {
        add(batch.getJsonObject(i));
      }
      return null;
    }))).onComplete(ar -> {
      if (ar.failed()) {
        errors.add(ar.cause().toString());
      }
      if (!closed) {
        if (ar.failed()) {
          vertx.setTimer(200, id -> pollOnce(vertx, client, port, path, timeoutSeconds));
        } else {
          pollOnce(vertx, client, port, path, timeoutSeconds);
        }
      }
    });
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("connecting timed out", e);
    }
  }

  private void add(JsonObject event) {
    events.add(event);
    lastEventId = event.getString("event_id");
  }

  /**
   * Sends a text message on a WebSocket collector; what the gateway answers is recorded like an
   * event. Blocks until written.
   */
  public void sendText(String text) {
    sender.accept(WebSocketFrame.textFrame(text, true));
  }

  /**
   * Sends one text message split into frames of at most {@code frameChars} characters. Stops
   * without failing when the gateway closes the socket part way (as it must for a message over
   * its limit): the frames left cannot be written then, and the caller checks the close.
   */
  public void sendFragmented(String text, int frameChars) {
    for (int start = 0; start < text.length(); start += frameChars) {
      String part = text.substring(start, Math.min(text.length(), start + frameChars));
      boolean last = start + frameChars >= text.length();
      try {
        sender.accept(start == 0 ? WebSocketFrame.textFrame(part, last)
            : WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer(part), last));
      } catch (Throwable e) { // Future.await rethrows Vert.x's NoStackTraceThrowable, which is no RuntimeException
        if (start > 0 && "WebSocket is closed".equals(e.getMessage())) {
          return;
        }
        if (e instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e instanceof Error error) {
          throw error;
        }
        throw new AssertionError("sending a fragment failed", e);
      }
    }
  }

  /** Every event received so far, in order. */
  public List<JsonObject> events() {
    return new ArrayList<>(events);
  }

  /** The ids of every event received so far, in order. */
  public List<String> eventIds() {
    return events.stream().map(e -> e.getString("event_id")).toList();
  }

  /** Transport errors seen (non-200 answers, failed connects). */
  public List<String> errors() {
    return new ArrayList<>(errors);
  }

  /** True once the server closed the stream. */
  public boolean isClosed() {
    return closed;
  }

  /** The WebSocket close code the server sent, if any. */
  public Short closeCode() {
    return closeCode;
  }

  /** Waits until at least {@code count} events arrived; fails the test with what was seen otherwise. */
  public List<JsonObject> awaitCount(int count, Duration timeout) {
    return await(list -> list.size() >= count, timeout, "at least " + count + " events");
  }

  /** Waits until the received events satisfy {@code condition}. */
  public List<JsonObject> await(Predicate<List<JsonObject>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonObject> now = events();
      if (condition.test(now)) {
        return now;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("timed out waiting for " + what + "; got " + events.size() + " events, errors " + errors);
  }

  @Override
  public void close() {
    closed = true;
    closer.run();
  }
}
