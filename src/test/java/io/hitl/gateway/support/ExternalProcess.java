package io.hitl.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program started by a test, its stdout and stderr written to files under
 * {@code target/process-logs/} (kept after the test for diagnosis). Closing it kills it and every
 * process it started.
 */
public final class ExternalProcess implements AutoCloseable {

  private static final Path LOG_DIR = Path.of("target", "process-logs");

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ExternalProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code command}. The environment is inherited, then {@code removed} names are dropped
   * and {@code env} is added.
   *
   * @param name names the log files; unique within a test run
   */
  public static ExternalProcess start(String name, List<String> command, Map<String, String> env, Predicate<String> removed) {
    try {
      Files.createDirectories(LOG_DIR);
      Path out = LOG_DIR.resolve(name + ".stdout.log");
      Path err = LOG_DIR.resolve(name + ".stderr.log");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().keySet().removeIf(removed);
      builder.environment().putAll(env);
      return new ExternalProcess(name, builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Everything the process wrote to stdout so far. */
  public String stdout() {
    return read(stdout);
  }

  /** Everything the process wrote to stderr so far. */
  public String stderr() {
    return read(stderr);
  }

  /** True while the process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until stdout satisfies {@code condition}; fails the test with both outputs when it does
   * not within {@code timeout} or when the process exits first.
   */
  public String awaitStdout(Predicate<String> condition, Duration timeout, String what) {
    Poll.until(() -> condition.test(stdout()) || !process.isAlive(), timeout,
        () -> name + ": timed out waiting for " + what + describe());
    String out = stdout();
    if (!condition.test(out)) {
      throw new AssertionError(name + " exited with " + process.exitValue() + " before " + what + describe());
    }
    return out;
  }

  /** Sends SIGTERM and returns at once. */
  public void terminate() {
    process.destroy();
  }

  /**
   * Waits for the process to exit.
   *
   * @return its exit code; fails the test when it is still running after {@code timeout}
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running after " + timeout + describe());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Both outputs, for failure messages. */
  public String describe() {
    return "\n--- " + name + " stdout (" + stdout + ") ---\n" + tail(stdout()) + "\n--- " + name + " stderr (" + stderr
        + ") ---\n" + tail(stderr());
  }

  /** Kills the process at once (SIGKILL, like {@code kill -9}): no shutdown hook runs. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process and its children: politely first, then forcibly. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static String read(Path file) {
    try {
      // not readString: a write cut mid-character must not fail the read
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static String tail(String text) {
    int max = 8000;
    return text.length() <= max ? text : "…" + text.substring(text.length() - max);
  }
}
