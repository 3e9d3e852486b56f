package io.hitl.gateway.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the seed's Python client snippets ({@code src/test/resources/seed-clients/*.py}, copied
 * verbatim from the spec) running against a test gateway under Debian's {@code /usr/bin/python3}.
 *
 * <p>The snippets hard-code {@code localhost:8000} and call {@code asyncio.run(client("execution-id",
 * "api-key"))}; only those literals are replaced, in a copy under {@code target/seed-clients/}.
 */
public final class SeedPythonClient {

  /** Debian's interpreter, where the apt packages {@code python3-websockets} and {@code python3-httpx} live. */
  public static final String PYTHON = "/usr/bin/python3";

  /**
   * Runs the snippet file as {@code __main__} with {@code asyncio} already imported: the seed's SSE
   * snippet calls {@code asyncio.run} without importing asyncio, and must stay verbatim.
   */
  private static final String RUNNER = "import asyncio, runpy, sys; "
      + "runpy.run_path(sys.argv[1], init_globals={'asyncio': asyncio}, run_name='__main__')";

  private SeedPythonClient() {
  }

  /** Fails the test, saying what to install, unless the interpreter and both client libraries are there. */
  public static void requirePython() {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      fail(PYTHON + " is missing: apt-get install python3 python3-websockets python3-httpx");
    }
    try {
      Process check = new ProcessBuilder(PYTHON, "-c", "import websockets, httpx").redirectErrorStream(true).start();
      String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
        fail(PYTHON + " cannot import websockets and httpx; apt-get install python3-websockets python3-httpx\n" + output);
      }
    } catch (IOException e) {
      fail("cannot run " + PYTHON + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while checking " + PYTHON);
    }
  }

  /**
   * Starts {@code seed-clients/<snippet>.py} against the gateway on {@code port}, following
   * {@code executionId} with the test API key.
   */
  public static ExternalProcess start(String snippet, int port, String executionId) {
    String source = resource("/seed-clients/" + snippet + ".py");
    String usage = "(\"execution-id\", \"api-key\"))";
    if (!source.contains("localhost:8000") || !source.contains(usage)) {
      fail("seed-clients/" + snippet + ".py no longer has the seed's URL or usage line");
    }
    String adapted = source.replace("localhost:8000", "127.0.0.1:" + port)
        .replace(usage, "(\"" + executionId + "\", \"" + TestGateway.API_KEY + "\"))");
    try {
      Path dir = Files.createDirectories(Path.of("target", "seed-clients"));
      Path script = dir.resolve(snippet + "-" + port + ".py");
      Files.writeString(script, adapted, StandardCharsets.UTF_8);
      // httpx honours proxy variables; the gateway is on loopback and must be reached directly
      return ExternalProcess.start("python-" + snippet + "-" + port,
          List.of(PYTHON, "-u", "-c", RUNNER, script.toString()),
          Map.of("PYTHONUNBUFFERED", "1"),
          name -> name.equalsIgnoreCase("http_proxy") || name.equalsIgnoreCase("https_proxy")
              || name.equalsIgnoreCase("all_proxy") || name.startsWith("PYTHON"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String path) {
    try (InputStream in = SeedPythonClient.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + path + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
