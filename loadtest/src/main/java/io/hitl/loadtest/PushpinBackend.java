package io.hitl.loadtest;

import io.vertx.core.*;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.*;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * Tiny GRIP backend for Pushpin: WebSocket-over-HTTP (subscribes each socket to its execution's
 * channel), http-stream SSE (Grip-Hold: stream), and the producer endpoint, which builds the same
 * event JSON as the gateway and publishes it through Pushpin's HTTP publish API before answering 201.
 */
public final class PushpinBackend {
  public static void main(String[] a) {
    int port = Integer.parseInt(a[0]);
    int publishPort = Integer.parseInt(a[1]);
    Vertx v = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpClientAgent pub = v.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(-1));
    v.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(req -> {
      String path = req.path();
      if (path.startsWith("/ws/human-input/")) {
        String exec = path.substring(16);
        req.body().onSuccess(b -> {
          String body = b.toString();
          StringBuilder out = new StringBuilder();
          if (body.startsWith("OPEN")) {
            String sub = "c:" + new JsonObject().put("type", "subscribe").put("channel", exec).encode();
            out.append("OPEN\r\n").append("TEXT ").append(Integer.toHexString(sub.length())).append("\r\n").append(sub).append("\r\n");
          } else if (body.contains("CLOSE")) out.append("CLOSE\r\n");
          req.response().putHeader("Content-Type", "application/websocket-events")
              .putHeader("Sec-WebSocket-Extensions", "grip").end(out.toString());
        });
      } else if (path.startsWith("/events/human-input/")) {
        String exec = path.substring(20);
        req.response().putHeader("Content-Type", "text/event-stream").putHeader("Grip-Hold", "stream")
            .putHeader("Grip-Channel", exec).end(":ok\n\n");
      } else if (path.equals("/api/v1/human-input-requests") && req.method() == HttpMethod.POST) {
        req.body().onSuccess(b -> {
          JsonObject in = b.toJsonObject();
          String exec = in.getString("execution_id");
          String eventId = UUID.randomUUID().toString(), requestId = UUID.randomUUID().toString();
          String json = BareServer.event(in, eventId, requestId);
          JsonObject item = new JsonObject().put("channel", exec).put("formats", new JsonObject()
              .put("ws-message", new JsonObject().put("content", json))
              .put("http-stream", new JsonObject().put("content", "id: " + eventId + "\ndata: " + json + "\n\n")));
          String payload = new JsonObject().put("items", new JsonArray().add(item)).encode();
          pub.request(HttpMethod.POST, publishPort, "127.0.0.1", "/publish/")
              .compose(r -> r.send(payload).compose(resp -> resp.body().map(x -> resp.statusCode())))
              .onComplete(ar -> {
                if (ar.succeeded() && ar.result() == 200)
                  req.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                      .end(new JsonObject().put("request_id", requestId).put("event_id", eventId).put("status", "pending").encode());
                else req.response().setStatusCode(502).end(String.valueOf(ar.succeeded() ? ar.result() : ar.cause()));
              });
        });
      } else req.response().setStatusCode(404).end();
    }).listen().await();
    System.out.println("pushpin backend on 127.0.0.1:" + port + ", publishing to :" + publishPort);
  }
}
