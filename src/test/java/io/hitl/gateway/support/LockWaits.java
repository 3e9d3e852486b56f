package io.hitl.gateway.support;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Waiting, in a test, until the gateway's statement waits inside PostgreSQL for a lock the test holds. */
public final class LockWaits {

  private static final String WAITING = "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
      + " and pid <> pg_backend_pid() and query ilike ?";

  private LockWaits() {
  }

  /**
   * Returns once another session waits for a lock while running a statement that contains
   * {@code statementPart} (case-insensitive), or fails with {@code failure} after 10 seconds.
   *
   * <p>Each look first clears the statistics snapshot: {@code st} may run inside the transaction
   * that holds the lock, where PostgreSQL keeps its first read of {@code pg_stat_activity} until the
   * transaction ends, so a first look taken before the statement arrived would be all it ever saw.
   */
  public static void await(Statement st, String statementPart, String failure) {
    Poll.until(() -> someoneWaits(st, statementPart), Duration.ofSeconds(10), () -> failure);
  }

  private static boolean someoneWaits(Statement st, String statementPart) {
    try {
      st.execute("select pg_stat_clear_snapshot()");
      try (PreparedStatement look = st.getConnection().prepareStatement(WAITING)) {
        look.setString(1, "%" + statementPart + "%");
        try (ResultSet rs = look.executeQuery()) {
          rs.next();
          return rs.getInt(1) > 0;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pg_stat_activity", e);
    }
  }
}
