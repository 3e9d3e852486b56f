package io.hitl.gateway.support;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.store.Migrations;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's fresh database, a Vert.x and a pool on it, for tests of the store without a
 * gateway: opened before the class's {@code @BeforeAll} methods, closed after its last test. Use
 * as {@code @RegisterExtension static final PoolUnderTest db}.
 */
public final class PoolUnderTest implements BeforeAllCallback, AfterAllCallback {

  private final int maxSize;
  private final boolean migrated;
  private DatabaseTarget target;
  private Vertx vertx;
  private Pool pool;

  private PoolUnderTest(int maxSize, boolean migrated) {
    this.maxSize = maxSize;
    this.migrated = migrated;
  }

  /** An empty database, a pool of at most {@code maxSize} connections. */
  public static PoolUnderTest empty(int maxSize) {
    return new PoolUnderTest(maxSize, false);
  }

  /** A database with the gateway's schema, a pool of at most {@code maxSize} connections. */
  public static PoolUnderTest migrated(int maxSize) {
    return new PoolUnderTest(maxSize, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    target = TestDatabases.fresh();
    if (migrated) {
      Migrations.migrate(target);
    }
    vertx = Vertx.vertx();
    pool = TestDatabases.pool(vertx, target, maxSize);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    pool.close().await();
    vertx.close().await();
  }

  /** Where the database is. */
  public DatabaseTarget target() {
    return target;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }
}
