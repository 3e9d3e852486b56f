package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket write-queue switch works on the Vert.x version in use (if this fails after a
 * Vert.x upgrade, the internals moved: every WebSocket is ~4.7 KB heavier until it is adapted), and
 * frames encoded once by {@link SharedTextFrames} reach a real client intact at every length form.
 */
class DirectWebSocketWritesTest {

  private static final String MEDIUM = "m".repeat(300);
  private static final String LARGE = "l".repeat(70_000);

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void routedSocketIsSwitchedAndStillDeliversFramesInOrderAndCloses() throws Exception {
    List<String> received = exchange((socket, connection) -> {
      socket.writeTextMessage("one");
      socket.writeTextMessage("two");
    });
    assertEquals(List.of("one", "two"), received);
  }

  @Test
  void sharedFramesOfEveryLengthFormArriveIntact() throws Exception {
    List<String> received = exchange((socket, connection) -> {
      for (String text : List.of("tiny", MEDIUM, LARGE)) {
        connection.channelHandlerContext().writeAndFlush(
            SharedTextFrames.encode(text.getBytes(StandardCharsets.UTF_8)), connection.voidPromise);
      }
    });
    assertEquals(List.of("tiny", MEDIUM, LARGE), received);
  }

  /**
   * Opens a routed WebSocket in strict thread mode, switches it to direct writes, lets
   * {@code serverWrites} write once the client is ready, closes it, and returns what the client got.
   */
  private List<String> exchange(BiConsumer<ServerWebSocket, VertxConnection> serverWrites) throws Exception {
    CompletableFuture<Boolean> switched = new CompletableFuture<>();
    Router router = Router.router(vertx);
    router.get("/ws").handler(ctx -> ctx.request().toWebSocket().onSuccess(socket -> {
      boolean wasQueued = !DirectWebSocketWrites.isDirect(socket);
      VertxConnection connection = DirectWebSocketWrites.enable(socket);
      switched.complete(wasQueued && connection != null && DirectWebSocketWrites.isDirect(socket));
      socket.textMessageHandler(go -> {
        serverWrites.accept(socket, connection);
        socket.close((short) 1000, "done");
      });
    }));
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setStrictThreadMode(true)).requestHandler(router);
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();

    List<String> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Short> closedWith = new CompletableFuture<>();
    // Held in a variable to the end: Vert.x closes a client that becomes unreachable.
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 20));
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .onSuccess(ws -> {
          ws.textMessageHandler(received::add);
          ws.closeHandler(v -> closedWith.complete(ws.closeStatusCode()));
          ws.writeTextMessage("go");
        })
        .onFailure(closedWith::completeExceptionally);

    assertTrue(switched.get(10, TimeUnit.SECONDS), "the socket's own connection went from the queue to direct writes");
    assertEquals((short) 1000, closedWith.get(10, TimeUnit.SECONDS), "the close frame arrived");
    client.close();
    return received;
  }
}
