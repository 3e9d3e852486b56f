package io.hitl.gateway.dashboard;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a gateway whose streaming connections (WebSocket handshakes,
 * {@code GET /ws/…}) the test can cut or refuse, as a network drop would, while ordinary HTTP
 * passes. Same origin for the browser: it only ever talks to the proxy.
 */
final class CuttableProxy implements AutoCloseable {

  private final NetServer server;
  private final NetClient client;
  private final List<NetSocket> streams = new CopyOnWriteArrayList<>();
  private final List<String> streamRequests = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;

  private CuttableProxy(NetServer server, NetClient client) {
    this.server = server;
    this.client = client;
  }

  static CuttableProxy start(Vertx vertx, int targetPort) {
    NetClient client = vertx.createNetClient();
    NetServer server = vertx.createNetServer();
    CuttableProxy proxy = new CuttableProxy(server, client);
    server.connectHandler(in -> {
      in.pause();
      client.connect(targetPort, "127.0.0.1").onFailure(e -> in.close()).onSuccess(out -> {
        boolean[] first = {true};
        in.handler(buffer -> {
          if (first[0]) {
            first[0] = false;
            String head = buffer.toString();
            if (head.startsWith("GET /ws/")) {
              if (proxy.refusing) {
                in.close();
                out.close();
                return;
              }
              proxy.streams.add(in);
              proxy.streamRequests.add(head.substring(0, Math.max(0, head.indexOf('\r'))));
            }
          }
          out.write(buffer);
        });
        out.handler(in::write);
        in.closeHandler(v -> out.close());
        out.closeHandler(v -> in.close());
        in.resume();
      });
    });
    server.listen(0, "127.0.0.1").await();
    return proxy;
  }

  int port() {
    return server.actualPort();
  }

  /** Drops every open streaming connection. */
  void cutStreams() {
    List<NetSocket> open = new ArrayList<>(streams);
    streams.clear();
    open.forEach(NetSocket::close);
  }

  /** While true, new streaming connections are dropped at once. */
  void refuseStreams(boolean refuse) {
    refusing = refuse;
  }

  /** The request lines of the streaming handshakes that got through, in order. */
  List<String> streamRequests() {
    return List.copyOf(streamRequests);
  }

  @Override
  public void close() {
    server.close().await();
    client.close().await();
  }
}
