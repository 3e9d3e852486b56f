package io.hitl.gateway.store;

import io.hitl.gateway.config.ConfigException;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where the PostgreSQL database is: one value used by both the reactive pool and the JDBC
 * migrations. {@link #toString()} masks the password.
 */
public record DatabaseTarget(String host, int port, String database, String user, String password) {

  /**
   * Parses {@code postgresql://user:pass@host:port/db}.
   *
   * @throws ConfigException naming {@code HITL_DB_URL} when the URL cannot be used
   */
  public static DatabaseTarget fromUrl(String url) {
    try {
      PgConnectOptions options = PgConnectOptions.fromUri(url);
      return new DatabaseTarget(options.getHost(), options.getPort(), options.getDatabase(),
          options.getUser(), options.getPassword());
    } catch (RuntimeException e) {
      throw new ConfigException("HITL_DB_URL: not a usable postgresql:// URL (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Options for the Vert.x reactive client. */
  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPipeliningLimit(256)
        .setCachePreparedStatements(true);
    return password == null ? options : options.setPassword(password);
  }

  /** The JDBC URL, for Flyway. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** A new blocking JDBC connection, for start-up work before Vert.x serves; the caller closes it. */
  public Connection openJdbc() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user, password);
  }

  @Override
  public String toString() {
    return "postgresql://" + user + (password == null ? "" : ":****") + "@" + host + ":" + port + "/" + database;
  }
}
