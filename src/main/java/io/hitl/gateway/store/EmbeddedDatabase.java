package io.hitl.gateway.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started by the gateway itself, for development: its data lives in a
 * directory on disk and survives restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final DatabaseTarget target;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.target = new DatabaseTarget("127.0.0.1", postgres.getPort(), "postgres", "postgres", null);
  }

  /**
   * Starts PostgreSQL with its data in {@code dataDir/postgres}, creating it on first use.
   *
   * @param port the port to listen on, or 0 for any free port
   */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    Path pgData = dataDir.resolve("postgres");
    try {
      Files.createDirectories(pgData);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "300");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedDatabase db = new EmbeddedDatabase(builder.start());
      LOG.warn("DEVELOPMENT MODE: no HITL_DB_URL set, running an embedded PostgreSQL on port {} with data in {}."
          + " Set HITL_DB_URL for production.", db.target.port(), pgData.toAbsolutePath());
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + pgData, e);
    }
  }

  /** Where to connect. */
  public DatabaseTarget target() {
    return target;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
