package io.hitl.gateway.support;

import io.hitl.gateway.store.DatabaseTarget;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh, empty databases for tests. With {@code HITL_TEST_DB_URL} set they are created on that
 * server; otherwise on one embedded PostgreSQL shared by the whole test JVM.
 */
public final class TestDatabases {

  private static DatabaseTarget server;

  private TestDatabases() {
  }

  /** A new database of its own, on the test server. */
  public static synchronized DatabaseTarget fresh() {
    DatabaseTarget base = server();
    String name = "hitl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection conn = base.openJdbc();
         Statement st = conn.createStatement()) {
      st.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + base + ": " + e.getMessage(), e);
    }
    return new DatabaseTarget(base.host(), base.port(), name, base.user(), base.password());
  }

  /** A pool of at most {@code maxSize} connections to {@code db}; the caller closes it. */
  public static Pool pool(Vertx vertx, DatabaseTarget db, int maxSize) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(maxSize)).connectingTo(db.connectOptions()).using(vertx)
        .build();
  }

  /** The URL form the gateway's {@code HITL_DB_URL} takes. */
  public static String url(DatabaseTarget db) {
    return "postgresql://" + db.user() + (db.password() == null ? "" : ":" + db.password())
        + "@" + db.host() + ":" + db.port() + "/" + db.database();
  }

  private static DatabaseTarget server() {
    if (server == null) {
      String url = System.getenv("HITL_TEST_DB_URL");
      server = url != null && !url.isBlank() ? DatabaseTarget.fromUrl(url) : startEmbedded();
    }
    return server;
  }

  private static DatabaseTarget startEmbedded() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "500").start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (IOException ignored) {
          // the JVM is going away anyway
        }
      }));
      return new DatabaseTarget("127.0.0.1", pg.getPort(), "postgres", "postgres", null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded test PostgreSQL", e);
    }
  }
}
