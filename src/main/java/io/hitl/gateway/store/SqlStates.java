package io.hitl.gateway.store;

import io.vertx.pgclient.PgException;

/** PostgreSQL error codes the gateway reacts to. */
public final class SqlStates {

  /** unique_violation */
  public static final String UNIQUE_VIOLATION = "23505";
  /** Class 08, connection_exception: the connection to the server failed. */
  public static final String CONNECTION_EXCEPTION_CLASS = "08";
  /** admin_shutdown: the server is stopping and ended the session (a fast shutdown does this). */
  public static final String ADMIN_SHUTDOWN = "57P01";
  /** crash_shutdown: the server ended the session because another backend crashed. */
  public static final String CRASH_SHUTDOWN = "57P02";
  /** cannot_connect_now: the server is starting up, shutting down or recovering. */
  public static final String CANNOT_CONNECT_NOW = "57P03";

  private SqlStates() {
  }

  /** True when {@code failure} is a PostgreSQL error with the given SQLSTATE. */
  public static boolean is(Throwable failure, String sqlState) {
    return failure instanceof PgException pg && sqlState.equals(pg.getSqlState());
  }

  /**
   * True when {@code failure} is PostgreSQL saying it cannot serve this session right now (lost
   * connection, shutdown, start-up or recovery), as opposed to rejecting the statement: a retry
   * later may succeed.
   */
  public static boolean isServerUnavailable(Throwable failure) {
    if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
      return false;
    }
    String state = pg.getSqlState();
    return state.startsWith(CONNECTION_EXCEPTION_CLASS) || state.equals(ADMIN_SHUTDOWN)
        || state.equals(CRASH_SHUTDOWN) || state.equals(CANNOT_CONNECT_NOW);
  }
}
