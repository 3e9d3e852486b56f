package io.hitl.gateway.support;

import io.hitl.gateway.Gateway;
import io.hitl.gateway.config.GatewayConfig;
import io.hitl.gateway.store.DatabaseTarget;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * A real gateway started in the test JVM on a free port, against a real PostgreSQL, with a known
 * API key; {@link #http()} makes blocking calls to it.
 */
public final class TestGateway implements AutoCloseable {

  /** The API key every test gateway accepts. */
  public static final String API_KEY = "test-key-0123456789";

  private final Gateway gateway;
  private final DatabaseTarget db;

  private TestGateway(Gateway gateway, DatabaseTarget db) {
    this.gateway = gateway;
    this.db = db;
  }

  /** Starts a gateway on a fresh database. */
  public static TestGateway start() {
    return start(TestDatabases.fresh(), Map.of());
  }

  /** Starts a gateway on the given database with extra {@code HITL_*} settings. */
  public static TestGateway start(DatabaseTarget db, Map<String, String> extra) {
    Map<String, String> env = settings(db);
    env.putAll(extra);
    return new TestGateway(Gateway.start(GatewayConfig.from(env)), db);
  }

  /**
   * The {@code HITL_*} settings of a test gateway on {@code db}: the test API key and a free port
   * on 127.0.0.1. Mutable, for additions.
   */
  public static Map<String, String> settings(DatabaseTarget db) {
    Map<String, String> env = new HashMap<>();
    env.put("HITL_DB_URL", TestDatabases.url(db));
    env.put("HITL_API_KEYS", API_KEY);
    env.put("HITL_HTTP_PORT", String.valueOf(FreePorts.next()));
    env.put("HITL_HOST", "127.0.0.1");
    return env;
  }

  public int port() {
    return gateway.port();
  }

  public DatabaseTarget database() {
    return db;
  }

  /** The gateway's Vert.x instance, for tests of how it was built. */
  public io.vertx.core.Vertx vertx() {
    return gateway.vertx();
  }

  /** Blocking HTTP calls to this gateway. */
  public GatewayHttp http() {
    return new GatewayHttp(port());
  }

  /** {@code http://127.0.0.1:port} + path. */
  public String url(String path) {
    return http().url(path);
  }

  /** {@code ws://127.0.0.1:port} + path. */
  public String wsUrl(String path) {
    return http().wsUrl(path);
  }

  /** GET with the API key. */
  public HttpResponse<String> get(String path) {
    return http().get(path);
  }

  /** POST a JSON body with the API key. */
  public HttpResponse<String> post(String path, String json) {
    return http().post(path, json);
  }

  /**
   * Opens a human-input request through the producer API; its {@code human_input_required} event
   * goes to the execution's streams.
   *
   * @return the created request, with its {@code request_id} and {@code event_id}
   */
  public io.vertx.core.json.JsonObject createRequest(String executionId, String prompt) {
    HttpResponse<String> created = post("/api/v1/human-input-requests", new io.vertx.core.json.JsonObject()
        .put("execution_id", executionId).put("task_id", "review_task").put("prompt", prompt).encode());
    if (created.statusCode() != 201) {
      throw new AssertionError("creating a request failed: " + created.statusCode() + " " + created.body());
    }
    return new io.vertx.core.json.JsonObject(created.body());
  }

  /**
   * The value of one sample from {@code GET /metrics}, e.g.
   * {@code metric("hitl_connections{transport=\"sse\"}")}; 0 when the sample is absent.
   */
  public double metric(String sample) {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    return 0;
  }

  /** Any request, as built by the caller. */
  public static HttpResponse<String> send(HttpRequest.Builder request) {
    return GatewayHttp.send(request);
  }

  @Override
  public void close() {
    gateway.close();
  }
}
