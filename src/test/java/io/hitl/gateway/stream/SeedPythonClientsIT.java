package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.ExternalProcess;
import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.SeedPythonClient;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The spec's three Python clients (WebSocket, SSE, long polling), unchanged but for host, port,
 * execution id and key, receive a request's {@code human_input_required} and then its
 * {@code human_input_completed}, after sitting idle long enough for httpx's default 5-second read
 * timeout to fire if the SSE stream sent no heartbeats.
 */
class SeedPythonClientsIT {

  /** Longer than httpx's default read timeout (5 s) and several 2-second poll rounds. */
  private static final Duration IDLE_BEFORE_FIRST_EVENT = Duration.ofSeconds(10);
  private static final Duration DELIVERY = Duration.ofSeconds(20);

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    SeedPythonClient.requirePython();
    gateway = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void seedClientsPrintRequiredThenCompleted() {
    String exec = "exec-seed-" + UUID.randomUUID();
    String prompt = "Approve the draft " + UUID.randomUUID() + "?";
    String feedback = "Looks good " + UUID.randomUUID();
    ExternalProcess ws = SeedPythonClient.start("websocket_client", gateway.port(), exec);
    ExternalProcess sse = SeedPythonClient.start("sse_client", gateway.port(), exec);
    ExternalProcess poll = SeedPythonClient.start("polling_client", gateway.port(), exec);
    List<ExternalProcess> clients = List.of(ws, sse, poll);
    try {
      awaitOpenConnections("websocket", ws);
      awaitOpenConnections("sse", sse);
      Poll.sleep(IDLE_BEFORE_FIRST_EVENT);
      for (ExternalProcess client : clients) {
        assertTrue(client.isAlive(), "a seed client died while idle (read timeout? no heartbeats?)" + client.describe());
      }

      JsonObject request = gateway.http().createRequest(exec, prompt);
      ws.awaitStdout(out -> out.contains("Human input needed: " + prompt), DELIVERY, "the WebSocket client's prompt line");
      sse.awaitStdout(out -> out.contains("'type': 'human_input_required'"), DELIVERY, "SSE human_input_required");
      poll.awaitStdout(out -> out.contains("'type': 'human_input_required'"), DELIVERY, "polled human_input_required");

      gateway.http().respond(request.getString("request_id"), feedback);
      String wsOut = ws.awaitStdout(out -> out.contains("Input completed: " + feedback), DELIVERY,
          "the WebSocket client's completion line");
      String sseOut = sse.awaitStdout(out -> out.contains("'type': 'human_input_completed'"), DELIVERY,
          "SSE human_input_completed");
      String pollOut = poll.awaitStdout(out -> out.contains("'type': 'human_input_completed'"), DELIVERY,
          "polled human_input_completed");

      assertEquals(List.of("Human input needed: " + prompt, "Context: context of " + prompt, "Input completed: " + feedback),
          wsOut.lines().toList(), ws.describe());
      assertReceivedOnceEach(sseOut, prompt, feedback, sse);
      assertReceivedOnceEach(pollOut, prompt, feedback, poll);
    } finally {
      clients.forEach(ExternalProcess::close);
    }
  }

  /** The dict-printing clients: exactly one line per event, required (with the prompt) before completed (with the answer). */
  private static void assertReceivedOnceEach(String out, String prompt, String feedback, ExternalProcess client) {
    List<String> lines = out.lines().toList();
    assertEquals(2, lines.size(), "expected exactly two events" + client.describe());
    assertTrue(lines.get(0).startsWith("Received: {") && lines.get(0).contains("'type': 'human_input_required'")
        && lines.get(0).contains("'prompt': '" + prompt + "'"), "first line is not the request" + client.describe());
    assertTrue(lines.get(1).startsWith("Received: {") && lines.get(1).contains("'type': 'human_input_completed'")
        && lines.get(1).contains("'human_feedback': '" + feedback + "'"), "second line is not the answer" + client.describe());
  }

  /** Waits until the gateway counts an open connection of {@code transport}, so idle time is measured from there. */
  private static void awaitOpenConnections(String transport, ExternalProcess client) {
    Pattern gauge = Pattern.compile("hitl_connections\\{transport=\"" + transport + "\",?\\} ([0-9.]+)");
    Poll.until(() -> {
      if (!client.isAlive()) {
        throw new AssertionError("the seed " + transport + " client exited" + client.describe());
      }
      Matcher m = gauge.matcher(gateway.get("/metrics").body());
      return m.find() && Double.parseDouble(m.group(1)) >= 1;
    }, Duration.ofSeconds(20), () -> "the seed " + transport + " client never connected" + client.describe());
  }
}
