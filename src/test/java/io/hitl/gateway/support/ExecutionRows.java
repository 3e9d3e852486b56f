package io.hitl.gateway.support;

import io.hitl.gateway.store.DatabaseTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the stored task outputs of executions straight from the database, to check what was committed. */
public final class ExecutionRows {

  private ExecutionRows() {
  }

  /** task_id → attempts (how often its output was committed) of one execution, in task order. */
  public static Map<String, Integer> attempts(DatabaseTarget db, String executionId) {
    try (Connection c = db.openJdbc();
         PreparedStatement st = c.prepareStatement(
             "select task_id, attempts from execution_tasks where execution_id = ?::uuid order by task_index")) {
      st.setString(1, executionId);
      Map<String, Integer> attempts = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          attempts.put(rs.getString(1), rs.getInt(2));
        }
      }
      return attempts;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read execution_tasks: " + e.getMessage(), e);
    }
  }
}
