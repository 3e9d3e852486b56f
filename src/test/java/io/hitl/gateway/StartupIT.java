package io.hitl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runnable jar refuses invalid configuration with one line naming the variable; a gateway that
 * has started is healthy at once.
 */
class StartupIT {

  @Test
  void aGatewayIsHealthyAsSoonAsItHasStarted() {
    for (int attempt = 0; attempt < 3; attempt++) {
      try (TestGateway gateway = TestGateway.start()) {
        for (String path : List.of("/health", "/health/ready")) {
          HttpResponse<String> response = gateway.http().probe(path);
          assertEquals(200, response.statusCode(), path + " right after start: " + response.body());
        }
      }
    }
  }

  @Test
  void theGatewayRunsOnAsManyEventLoopsAsConfiguredAndServesOnThem() {
    try (TestGateway gateway = TestGateway.start(TestDatabases.fresh(), Map.of("HITL_EVENT_LOOPS", "1", "HITL_HTTP_INSTANCES", "2"))) {
      int loops = 0;
      for (EventExecutor ignored : ((VertxInternal) gateway.vertx()).nettyEventLoopGroup()) {
        loops++;
      }
      assertEquals(1, loops, "event-loop threads");
      assertEquals("pending", gateway.createRequest("exec-one-loop", "approve?").getString("status"));
      assertEquals(200, gateway.http().probe("/health").statusCode());
    }
  }

  /**
   * Each native transport carries the whole path, the PostgreSQL client's LISTEN included:
   * io_uring, which {@code auto} takes here, and epoll, which it falls back to where a container's
   * seccomp profile refuses io_uring.
   */
  @ParameterizedTest
  @ValueSource(strings = {"io_uring", "epoll"})
  void onEachNativeTransportTheGatewayStoresListensAndDeliversOverWebSocketSseAndLongPoll(String name) {
    Transport transport = "epoll".equals(name) ? Transport.EPOLL : Transport.IO_URING;
    assertTrue(transport.available(), name + " must load here: " + transport.unavailabilityCause());
    Vertx client = Vertx.vertx();
    try (TestGateway gateway = TestGateway.start(TestDatabases.fresh(), Map.of("HITL_TRANSPORT", name))) {
      assertEquals(transport.implementation().getClass(), ((VertxInternal) gateway.vertx()).transport().getClass());
      String exec = "exec-" + name;
      try (EventCollector ws = EventCollector.webSocket(client, gateway.port(), "/ws/human-input/" + exec);
           EventCollector sse = EventCollector.sse(client, gateway.port(), "/events/human-input/" + exec, null);
           EventCollector poll = EventCollector.poll(client, gateway.port(), "/poll/human-input/" + exec, 10)) {
        JsonObject created = gateway.createRequest(exec, "approve?");
        gateway.post("/api/v1/human-input-requests/" + created.getString("request_id") + "/response", "{\"human_feedback\":\"ok\"}");
        for (EventCollector c : List.of(ws, sse, poll)) {
          assertEquals(List.of("human_input_required", "human_input_completed"),
              c.awaitCount(2, Duration.ofSeconds(10)).stream().map(e -> e.getString("type")).toList());
        }
      }
    } finally {
      client.close();
    }
  }

  @Test
  void invalidPortStopsStartUpWithOneLineNamingTheVariable() throws Exception {
    assertRefused(Map.of("HITL_HTTP_PORT", "eighty"), "HITL_HTTP_PORT");
  }

  @Test
  void invalidDatabaseUrlStopsStartUpWithOneLineNamingTheVariable() throws Exception {
    assertRefused(Map.of("HITL_DB_URL", "mysql://db/hitl"), "HITL_DB_URL");
  }

  @Test
  void tooShortApiKeyStopsStartUpWithoutEchoingIt() throws Exception {
    List<String> lines = assertRefused(Map.of("HITL_API_KEYS", "short"), "HITL_API_KEYS");
    assertTrue(lines.stream().noneMatch(l -> l.contains("short,") || l.endsWith("short")), lines.toString());
  }

  private static List<String> assertRefused(Map<String, String> env, String variable) throws IOException, InterruptedException {
    String jar = System.getProperty("hitl.jar");
    assertTrue(jar != null && Files.exists(Path.of(jar)), "the runnable jar must be built first (mvn verify): " + jar);
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar)
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("HITL_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the gateway should stop by itself");
    List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
        .filter(l -> !l.isBlank()).toList();
    assertEquals(2, process.exitValue(), String.join("\n", lines));
    assertEquals(1, lines.size(), "exactly one line: " + lines);
    assertTrue(lines.get(0).contains(variable), lines.get(0));
    return lines;
  }
}
