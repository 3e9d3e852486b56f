package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.parsetools.RecordParser;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WebSocket pings and SSE heartbeat events keep connections alive, each on its own interval:
 * here pings every second and SSE heartbeats once an hour, so an SSE stream stays silent while a
 * WebSocket on the same execution is pinged.
 */
class KeepAliveIT {

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(),
      Map.of("HITL_WS_PING_SECONDS", "1", "HITL_HEARTBEAT_SECONDS", "3600")));

  @Test
  void webSocketsArePingedOnTheirIntervalAndSseStreamsOnTheirs() {
    AtomicInteger pings = new AtomicInteger();
    AtomicInteger sseLines = new AtomicInteger();
    WebSocketClient wsClient = env.vertx().createWebSocketClient();
    ClientWebSocket ws = wsClient.webSocket();
    ws.frameHandler(frame -> {
      if (frame.isPing()) {
        pings.incrementAndGet();
      }
    });
    ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(env.gateway().port())
        .setURI("/ws/human-input/exec-keepalive?token=" + TestGateway.API_KEY)).await();
    HttpClient http = env.vertx().createHttpClient();
    http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(env.gateway().port())
            .setURI("/events/human-input/exec-keepalive").putHeader("Authorization", "Bearer " + TestGateway.API_KEY)
            .setIdleTimeout(0))
        .compose(req -> req.send()).onSuccess(resp -> resp.handler(RecordParser.newDelimited("\n", line -> {
          if (line.toString().startsWith("data: ")) {
            sseLines.incrementAndGet();
          }
        }))).await();

    env.vertx().timer(3500).await();

    assertTrue(pings.get() >= 2, "a WebSocket is pinged every HITL_WS_PING_SECONDS (1 s): " + pings.get() + " pings in 3.5 s");
    assertEquals(0, sseLines.get(), "an SSE stream gets heartbeats every HITL_HEARTBEAT_SECONDS (an hour), not at the ping interval");
    ws.close().await();
    wsClient.close().await();
    http.close().await();
  }
}
