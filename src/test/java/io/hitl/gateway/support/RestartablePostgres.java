package io.hitl.gateway.support;

import io.hitl.gateway.store.DatabaseTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own that can be stopped and started again on the same port
 * with the same data, as an operator restarting the database would.
 */
public final class RestartablePostgres implements AutoCloseable {

  private final int port;
  private final Path dataDir;
  private EmbeddedPostgres postgres;

  private RestartablePostgres(int port, Path dataDir) {
    this.port = port;
    this.dataDir = dataDir;
  }

  /** Creates a server with a fresh data directory under {@code target/} on a free port, and starts it. */
  public static RestartablePostgres create() {
    try {
      Path dir = Files.createDirectories(Path.of("target", "restartable-postgres", UUID.randomUUID().toString()));
      RestartablePostgres server = new RestartablePostgres(FreePorts.next(), dir.toAbsolutePath());
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where to connect; the same before and after a restart. */
  public DatabaseTarget target() {
    return new DatabaseTarget("127.0.0.1", port, "postgres", "postgres", null);
  }

  /** Starts the server on its port with its data; blocks until it accepts connections. */
  public synchronized void start() {
    if (postgres != null) {
      throw new IllegalStateException("already running");
    }
    try {
      postgres = EmbeddedPostgres.builder()
          .setPort(port)
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL on port " + port + " with data in " + dataDir, e);
    }
  }

  /** Stops the server (fast shutdown: open connections are terminated); blocks until it is down. */
  public synchronized void stop() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL on port " + port, e);
    } finally {
      postgres = null;
    }
  }

  /** Stops the server and deletes its data. */
  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
