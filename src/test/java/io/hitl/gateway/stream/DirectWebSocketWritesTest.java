package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket write-queue switch works on the Vert.x version in use. If this fails after a
 * Vert.x upgrade, the internals moved: every WebSocket is ~4.7 KB heavier until it is adapted.
 */
class DirectWebSocketWritesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void routedSocketIsSwitchedAndStillDeliversFramesInOrderAndCloses() throws Exception {
    CompletableFuture<Boolean> switched = new CompletableFuture<>();
    Router router = Router.router(vertx);
    router.get("/ws").handler(ctx -> ctx.request().toWebSocket().onSuccess(socket -> {
          boolean wasQueued = !DirectWebSocketWrites.isDirect(socket);
          switched.complete(wasQueued && DirectWebSocketWrites.enable(socket) && DirectWebSocketWrites.isDirect(socket));
          socket.textMessageHandler(go -> {
            socket.writeTextMessage("one");
            socket.writeTextMessage("two");
            socket.close((short) 1000, "done");
          });
        }));
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setStrictThreadMode(true)).requestHandler(router);
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();

    List<String> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Short> closedWith = new CompletableFuture<>();
    WebSocketClient client = vertx.createWebSocketClient();
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .onSuccess(ws -> {
          ws.textMessageHandler(received::add);
          ws.closeHandler(v -> closedWith.complete(ws.closeStatusCode()));
          ws.writeTextMessage("go");
        });

    assertTrue(switched.get(10, TimeUnit.SECONDS), "the socket's own connection went from the queue to direct writes");
    assertEquals((short) 1000, closedWith.get(10, TimeUnit.SECONDS), "the close frame arrived");
    assertEquals(List.of("one", "two"), received);
  }
}
