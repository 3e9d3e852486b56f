package io.hitl.gateway.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Brings the schema up to date with the scripts in {@code db/migration}. Blocking: run it off the event loop. */
public final class Migrations {

  private Migrations() {
  }

  /** Applies every pending migration; safe to run concurrently from several replicas. */
  public static void migrate(DatabaseTarget target) {
    configured(target).load().migrate();
  }

  /** Applies the pending migrations up to and including {@code version}: a database as that version left it, for upgrade tests. */
  public static void migrateTo(DatabaseTarget target, String version) {
    configured(target).target(version).load().migrate();
  }

  private static FluentConfiguration configured(DatabaseTarget target) {
    return Flyway.configure()
        .dataSource(target.jdbcUrl(), target.user(), target.password())
        .locations("classpath:db/migration");
  }
}
