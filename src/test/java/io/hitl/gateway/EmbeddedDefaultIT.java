package io.hitl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.config.GatewayConfig;
import io.hitl.gateway.support.FreePorts;
import io.hitl.gateway.support.LogCapture;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With nothing configured the gateway runs its own PostgreSQL, generates an API key once and
 * shows it once; data and key survive a restart.
 */
class EmbeddedDefaultIT {

  private static final Pattern GENERATED_KEY = Pattern.compile("store it safely: (hitl_[A-Za-z0-9_-]+)");

  @Test
  void firstStartGeneratesAKeyAndDataSurvivesARestart() throws Exception {
    Path dataDir = Files.createTempDirectory("hitl-embedded-");
    Map<String, String> env = Map.of(
        "HITL_DATA_DIR", dataDir.toString(),
        "HITL_HOST", "127.0.0.1",
        "HITL_HTTP_PORT", String.valueOf(FreePorts.next()));

    String key;
    String requestId;
    try (LogCapture logs = new LogCapture(); Gateway first = Gateway.start(GatewayConfig.from(env))) {
      key = generatedKeys(logs.lines()).get(0);
      assertTrue(logs.lines().stream().anyMatch(l -> l.contains("DEVELOPMENT MODE")), "embedded mode is announced loudly");
      HttpResponse<String> created = post(first.port(), key, "/api/v1/human-input-requests",
          "{\"execution_id\":\"survivor\",\"task_id\":\"t\",\"prompt\":\"still here?\"}");
      assertEquals(201, created.statusCode(), created.body());
      requestId = new JsonObject(created.body()).getString("request_id");
      assertEquals(401, post(first.port(), "not-the-key-123", "/api/v1/human-input-requests", "{}").statusCode());
    }

    try (LogCapture logs = new LogCapture(); Gateway second = Gateway.start(GatewayConfig.from(env))) {
      assertEquals(List.of(), generatedKeys(logs.lines()), "the key is shown only at the very first start");
      HttpResponse<String> fetched = TestGateway.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + second.port() + "/api/v1/human-input-requests/" + requestId))
          .header("Authorization", "Bearer " + key));
      assertEquals(200, fetched.statusCode(), "the generated key still works and the request survived: " + fetched.body());
      assertEquals("still here?", new JsonObject(fetched.body()).getString("prompt"));
    }
  }

  private static List<String> generatedKeys(List<String> lines) {
    return lines.stream().map(GENERATED_KEY::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
  }

  private static HttpResponse<String> post(int port, String key, String path, String body) {
    HttpResponse<String> response = TestGateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertNotNull(response);
    return response;
  }
}
