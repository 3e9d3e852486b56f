package io.hitl.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Blocking calls to the crew API ({@code /kickoff}, {@code /status}, {@code /resume}) of one gateway. */
public final class CrewClient {

  private final GatewayHttp http;
  private final String prefix;

  private CrewClient(GatewayHttp http, String prefix) {
    this.http = http;
    this.prefix = prefix;
  }

  /** The default crew's bare paths. */
  public static CrewClient of(GatewayHttp http) {
    return new CrewClient(http, "");
  }

  /** The paths under {@code /crews/{crew}}. */
  public static CrewClient of(GatewayHttp http, String crew) {
    return new CrewClient(http, "/crews/" + crew);
  }

  /** Kicks off with {@code body}; fails the test unless 200; returns the kickoff id. */
  public String kickoff(JsonObject body) {
    HttpResponse<String> response = http.post(prefix + "/kickoff", body.encode());
    assertEquals(200, response.statusCode(), "kickoff: " + response.body());
    return new JsonObject(response.body()).getString("kickoff_id");
  }

  /** The raw status response. */
  public HttpResponse<String> statusResponse(String kickoffId) {
    return http.get(prefix + "/status/" + kickoffId);
  }

  /** The status body; fails the test unless 200. */
  public JsonObject status(String kickoffId) {
    HttpResponse<String> response = statusResponse(kickoffId);
    assertEquals(200, response.statusCode(), "status: " + response.body());
    return new JsonObject(response.body());
  }

  /** Polls until the status is {@code wanted}; fails with the last status otherwise. */
  public JsonObject awaitStatus(String kickoffId, String wanted, Duration within) {
    AtomicReference<JsonObject> last = new AtomicReference<>();
    Poll.until(() -> {
      last.set(status(kickoffId));
      return wanted.equals(last.get().getString("status"));
    }, within, () -> "execution " + kickoffId + " did not reach " + wanted + "; last status: " + last.get());
    return last.get();
  }

  /** The raw resume response. */
  public HttpResponse<String> resumeResponse(JsonObject body) {
    return http.post(prefix + "/resume", body.encode());
  }

  /** Resumes; fails the test unless 200; returns the body. */
  public JsonObject resume(String kickoffId, String taskId, String feedback, boolean approve) {
    HttpResponse<String> response = resumeResponse(resumeBody(kickoffId, taskId, feedback, approve));
    assertEquals(200, response.statusCode(), "resume: " + response.body());
    return new JsonObject(response.body());
  }

  /** A {@code /resume} body. */
  public static JsonObject resumeBody(String kickoffId, String taskId, String feedback, boolean approve) {
    return new JsonObject().put("execution_id", kickoffId).put("task_id", taskId).put("human_feedback", feedback)
        .put("is_approve", approve);
  }

  /** Every event of the execution so far (from the poll endpoint). */
  public JsonArray events(String kickoffId) {
    HttpResponse<String> response = http.get("/poll/human-input/" + kickoffId);
    assertEquals(200, response.statusCode(), "poll: " + response.body());
    return new JsonObject(response.body()).getJsonArray("events");
  }

  /** How many events of {@code type} the execution has. */
  public long count(String kickoffId, String type) {
    return events(kickoffId).stream().filter(e -> type.equals(((JsonObject) e).getString("type"))).count();
  }
}
