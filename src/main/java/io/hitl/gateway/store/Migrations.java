package io.hitl.gateway.store;

import org.flywaydb.core.Flyway;

/** Brings the schema up to date with the scripts in {@code db/migration}. Blocking: run it off the event loop. */
public final class Migrations {

  private Migrations() {
  }

  /** Applies every pending migration; safe to run concurrently from several replicas. */
  public static void migrate(DatabaseTarget target) {
    Flyway.configure()
        .dataSource(target.jdbcUrl(), target.user(), target.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
