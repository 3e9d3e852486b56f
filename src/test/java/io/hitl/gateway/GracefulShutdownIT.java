package io.hitl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.GatewayProcess;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM: readiness goes down first while clients are still served, then WebSocket clients are
 * closed with 1012, SSE clients told to retry, held polls answered, and the process exits within
 * the grace period.
 */
class GracefulShutdownIT {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void sigtermDrainsThenTellsEveryClientToReconnect() {
    try (GatewayProcess gateway = GatewayProcess.start("shutdown", TestDatabases.fresh(),
        Map.of("HITL_SHUTDOWN_DRAIN_SECONDS", "3", "HITL_SHUTDOWN_GRACE_SECONDS", "5")).awaitReady()) {
      String exec = "exec-shutdown";
      try (EventCollector ws = EventCollector.webSocket(vertx, gateway.port(), "/ws/human-input/" + exec)) {
        Future<Buffer> sse = rawBody(gateway.port(), "/events/human-input/" + exec);
        Future<Buffer> poll = rawBody(gateway.port(), "/poll/human-input/" + exec + "?timeout=30");
        Poll.until(() -> gateway.http().get("/metrics").body().contains("hitl_connections{transport=\"poll\"} 1.0"),
            Duration.ofSeconds(10), () -> "the long poll to be waiting");

        long signalled = System.nanoTime();
        gateway.process().terminate();
        Poll.until(() -> gateway.http().probe("/health/ready").statusCode() == 503, Duration.ofSeconds(2),
            () -> "readiness to go down right after SIGTERM" + gateway.describe());
        assertEquals(200, gateway.http().get("/api/v1/human-input-requests").statusCode(),
            "while draining, requests are still served");
        assertTrue(!ws.isClosed(), "streams stay open while draining");

        int exit = gateway.process().awaitExit(Duration.ofSeconds(20));
        long tookMillis = (System.nanoTime() - signalled) / 1_000_000;
        assertTrue(tookMillis < 3_000 + 5_000 + 5_000, "exited within drain + grace: " + tookMillis + " ms");
        assertTrue(exit == 0 || exit == 143, "clean exit after SIGTERM, got " + exit + gateway.describe());

        Poll.until(ws::isClosed, Duration.ofSeconds(5), () -> "the WebSocket to be closed");
        assertEquals(Short.valueOf((short) 1012), ws.closeCode(), "WebSocket closed with 1012 Service Restart");
        String sseText = sse.await().toString();
        assertTrue(sseText.contains("retry: 1000\n"), "SSE told to retry: " + sseText);
        assertEquals("{\"events\":[]}", poll.await().toString(), "the held poll was answered");
      }
    }
  }

  /** The whole body of a GET with the test key, completing when the server ends it. */
  private static Future<Buffer> rawBody(int port, String path) {
    HttpClient client = vertx.createHttpClient();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("Authorization", "Bearer " + io.hitl.gateway.support.TestGateway.API_KEY);
    return client.request(options).compose(req -> req.send().compose(resp -> resp.body()));
  }
}
