package io.hitl.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.LogCapture;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint but health refuses a missing or wrong key; WebSocket handshakes check key and origin. */
class AuthIT {

  private static final String WRONG_KEY = "wrong-key-0123456789";
  private static final List<String[]> PROTECTED = List.of(
      new String[] {"GET", "/metrics"},
      new String[] {"GET", "/api/v1/human-input-requests"},
      new String[] {"POST", "/api/v1/human-input-requests"},
      new String[] {"GET", "/api/v1/human-input-requests/00000000-0000-0000-0000-000000000000"},
      new String[] {"POST", "/api/v1/human-input-requests/00000000-0000-0000-0000-000000000000/response"},
      new String[] {"GET", "/poll/human-input/exec-1"},
      new String[] {"GET", "/poll/human-input"},
      new String[] {"GET", "/events/human-input/exec-1"},
      new String[] {"GET", "/events/human-input"},
      new String[] {"GET", "/ws/human-input/exec-1"},
      new String[] {"GET", "/inputs"},
      new String[] {"POST", "/kickoff"},
      new String[] {"GET", "/status/00000000-0000-0000-0000-000000000000"},
      new String[] {"POST", "/resume"},
      new String[] {"GET", "/crews"},
      new String[] {"GET", "/crews/demo/inputs"},
      new String[] {"POST", "/crews/demo/kickoff"},
      new String[] {"GET", "/no/such/endpoint"});

  private static TestGateway gateway;
  private static Vertx vertx;
  private static LogCapture logs;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    gateway = TestGateway.start(TestDatabases.fresh(), Map.of("HITL_ALLOWED_ORIGINS", "https://dashboard.example"));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    gateway.close();
    logs.close();
  }

  @Test
  void everyProtectedEndpointRefusesAMissingKeyWithJson401() {
    for (String[] endpoint : PROTECTED) {
      HttpResponse<String> response = call(endpoint, null);
      assertEquals(401, response.statusCode(), endpoint[0] + " " + endpoint[1]);
      assertEquals("unauthorized", new JsonObject(response.body()).getString("error"), endpoint[1]);
    }
  }

  @Test
  void everyProtectedEndpointRefusesAWrongKey() {
    for (String[] endpoint : PROTECTED) {
      assertEquals(401, call(endpoint, "Bearer " + WRONG_KEY).statusCode(), endpoint[0] + " " + endpoint[1]);
      assertEquals(401, call(endpoint, "Basic " + TestGateway.API_KEY).statusCode(), "not a Bearer: " + endpoint[1]);
    }
  }

  @Test
  void theRightKeyIsAccepted() {
    assertEquals(200, call(new String[] {"GET", "/metrics"}, "Bearer " + TestGateway.API_KEY).statusCode());
    assertEquals(200, gateway.get("/poll/human-input/exec-1").statusCode());
  }

  @Test
  void healthNeedsNoKey() {
    for (String path : List.of("/health", "/health/ready", "/health/live")) {
      HttpResponse<String> response = call(new String[] {"GET", path}, null);
      assertEquals(200, response.statusCode(), path);
    }
    JsonObject health = new JsonObject(call(new String[] {"GET", "/health"}, null).body());
    assertEquals("healthy", health.getString("status"));
    assertTrue(health.containsKey("timestamp"));
  }

  @Test
  void webSocketHandshakeWithoutOrWithAWrongTokenIsRefusedWith401() {
    assertEquals(401, handshakeStatus("/ws/human-input/exec-1", null));
    assertEquals(401, handshakeStatus("/ws/human-input/exec-1?token=" + WRONG_KEY, null));
    assertEquals(101, handshakeStatus("/ws/human-input/exec-1?token=" + TestGateway.API_KEY, null));
  }

  @Test
  void webSocketHandshakeFromAnOriginOutsideTheAllowListIsRefused() {
    String path = "/ws/human-input/exec-1?token=" + TestGateway.API_KEY;
    assertEquals(403, handshakeStatus(path, "https://evil.example"));
    assertEquals(403, handshakeStatus(path, "http://127.0.0.1:1"));
    assertEquals(101, handshakeStatus(path, "https://dashboard.example"));
    assertEquals(101, handshakeStatus(path, "http://127.0.0.1:" + gateway.port()), "the gateway's own origin");
  }

  @Test
  void keysNeverAppearInTheLogs() {
    call(new String[] {"GET", "/poll/human-input/x?token=" + WRONG_KEY}, null);
    call(new String[] {"GET", "/poll/human-input/x?token=" + TestGateway.API_KEY}, null);
    handshakeStatus("/ws/human-input/exec-1?token=" + WRONG_KEY, null);
    List<String> lines = logs.lines();
    assertFalse(lines.isEmpty(), "the gateway's start-up should have been logged");
    for (String line : lines) {
      assertFalse(line.contains(TestGateway.API_KEY), "key leaked into the log: " + line);
      assertFalse(line.contains(WRONG_KEY), "presented key leaked into the log: " + line);
    }
  }

  private static HttpResponse<String> call(String[] endpoint, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(endpoint[1])))
        .method(endpoint[0], endpoint[0].equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return TestGateway.send(request);
  }

  /** 101 when the WebSocket opened, else the HTTP status the handshake was refused with. */
  private static int handshakeStatus(String path, String origin) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI(path);
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    try {
      client.connect(options).await(10, TimeUnit.SECONDS).close();
      return 101;
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    } catch (Exception e) {
      throw new AssertionError("handshake failed unexpectedly", e);
    } finally {
      client.close();
    }
  }
}
