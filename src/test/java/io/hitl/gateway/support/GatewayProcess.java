package io.hitl.gateway.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.hitl.gateway.store.DatabaseTarget;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A gateway running as a separate process from the shaded jar ({@code java -jar ${hitl.jar}}),
 * configured only through {@code HITL_*} variables like a deployed replica. Its output goes to
 * {@code target/process-logs/<name>.*.log}.
 */
public final class GatewayProcess implements AutoCloseable {

  private static final Duration READY_WITHIN = Duration.ofSeconds(90);

  private final ExternalProcess process;
  private final GatewayHttp http;

  private GatewayProcess(ExternalProcess process, int port) {
    this.process = process;
    this.http = new GatewayHttp(port);
  }

  /**
   * Starts a gateway process on {@code db} with the test API key on a free port; call
   * {@link #awaitReady()} before using it.
   */
  public static GatewayProcess start(String name, DatabaseTarget db) {
    return start(name, db, Map.of());
  }

  /** Starts a gateway process with extra {@code HITL_*} settings; see {@link #start(String, DatabaseTarget)}. */
  public static GatewayProcess start(String name, DatabaseTarget db, Map<String, String> extra) {
    Map<String, String> env = TestGateway.settings(db);
    env.putAll(extra);
    int port = Integer.parseInt(env.get("HITL_HTTP_PORT"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // only the settings above: a HITL_* variable of the test's own environment must not leak in
    ExternalProcess process = ExternalProcess.start(name,
        List.of(java, "-Xmx256m", "-jar", jar().toString()), env, variable -> variable.startsWith("HITL_"));
    return new GatewayProcess(process, port);
  }

  /** Waits until {@code /health/ready} answers 200; fails with the process output otherwise. */
  public GatewayProcess awaitReady() {
    Poll.until(() -> !process.isAlive() || isReady(), READY_WITHIN,
        () -> "gateway process not ready within " + READY_WITHIN + process.describe());
    if (!process.isAlive()) {
      fail("gateway process exited before it was ready" + process.describe());
    }
    return this;
  }

  private boolean isReady() {
    try {
      return http.probe("/health/ready").statusCode() == 200;
    } catch (UncheckedIOException notListeningYet) {
      return false;
    }
  }

  public int port() {
    return http.port();
  }

  /** Blocking HTTP calls to this process. */
  public GatewayHttp http() {
    return http;
  }

  /** The process's output so far, for failure messages. */
  public String describe() {
    return process.describe();
  }

  /** The process itself, to signal it and wait for its exit. */
  public ExternalProcess process() {
    return process;
  }

  /** Kills the process with SIGKILL, as {@code kill -9} does. */
  public void kill() {
    process.kill();
  }

  /** Stops the process (SIGTERM, so it shuts down cleanly; killed if it does not). */
  @Override
  public void close() {
    process.close();
  }

  private static Path jar() {
    String property = System.getProperty("hitl.jar");
    if (property == null || property.isBlank()) {
      fail("system property hitl.jar is not set: run this test through failsafe (mvn verify), which sets it to the"
          + " shaded jar");
    }
    Path jar = Path.of(property);
    if (!Files.isRegularFile(jar)) {
      fail("the shaded gateway jar " + jar + " does not exist: run mvn verify, which packages it before the ITs");
    }
    return jar;
  }
}
